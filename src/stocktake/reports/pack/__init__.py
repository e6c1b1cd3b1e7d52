"""The board pack: one content (:mod:`.content`), drawn as a workbook and a tagged PDF,
with a public version that withholds everything OFFICIAL-SENSITIVE (:mod:`.withhold`)."""

from stocktake.reports.pack.build import PackFiles, write_pack
from stocktake.reports.pack.content import PackContent, build_content

__all__ = ["PackContent", "PackFiles", "build_content", "write_pack"]
