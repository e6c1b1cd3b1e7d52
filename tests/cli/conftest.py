"""Fixtures the command-line tests share with the engine and writer tests."""

from tests.engine.conftest import small_workbook
from tests.excel.writer.conftest import copy_of, stock

__all__ = ["copy_of", "small_workbook", "stock"]
