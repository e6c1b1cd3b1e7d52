"""The project types the Green Book's optimism-bias guidance is written for.

Why a vocabulary: HM Treasury's *Supplementary Green Book Guidance: Optimism Bias*
(from Mott MacDonald, *Review of Large Public Procurement in the UK*, 2002) sets the
uplift on a cost estimate by project type, so an initiative's type decides which
uplift it starts from. People type the categories many ways (``Std buildings``,
``IT / equipment development``, ``Non standard civil eng.``); ``ProjectType.parse``
accepts those and returns ``None`` for anything else, which the workbook may still
use as a type of its own (with its own uplift on the settings sheet).
"""

from __future__ import annotations

from stocktake.model.vocab import _key, _Vocab


class ProjectType(_Vocab):
    """The Green Book's project categories, plus policy and programme work."""

    STANDARD_BUILDINGS = "Standard buildings"
    NON_STANDARD_BUILDINGS = "Non-standard buildings"
    STANDARD_CIVIL_ENGINEERING = "Standard civil engineering"
    NON_STANDARD_CIVIL_ENGINEERING = "Non-standard civil engineering"
    EQUIPMENT_DEVELOPMENT = "Equipment/development"
    OUTSOURCING = "Outsourcing"
    POLICY_PROGRAMME = "Policy/programme"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _ALIASES


def _spellings() -> dict[str, str]:
    """The other spellings of each category, by their compared form (built once: the
    type of every initiative is looked up on each rebuild of the arrays)."""
    spellings = {
        "Standard buildings": ("standard building", "std buildings", "std building"),
        "Non-standard buildings": (
            "non-standard building",
            "nonstandard building",
            "non std buildings",
            "bespoke buildings",
        ),
        "Standard civil engineering": (
            "standard civil",
            "standard civils",
            "standard civil eng",
            "std civil engineering",
        ),
        "Non-standard civil engineering": (
            "non-standard civil",
            "non-standard civils",
            "non-standard civil eng",
            "non std civil engineering",
        ),
        "Equipment/development": (
            "equipment and development",
            "equipment development",
            "equipment",
            "development",
            "it / equipment development",
            "equipment/ development",
            "equipment or development",
        ),
        "Outsourcing": ("outsourced", "outsourced service", "outsourcing project"),
        "Policy/programme": (
            "policy",
            "programme",
            "program",
            "policy and programme",
            "policy or programme",
            "policy programme",
            "policy/program",
        ),
    }
    return {_key(s): value for value, words in spellings.items() for s in words}


_ALIASES = _spellings()


def type_key(text: object) -> str:
    """The form a type is matched in: a Green Book category's own name when the text is
    one (any spelling), else the text's letters and digits (``Digital`` -> ``digital``)."""
    known = ProjectType.parse(text)
    return _key(known.value if known is not None else text)
