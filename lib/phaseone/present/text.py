"""Numbers to words for report prose: money, shares, changes, labels of keys, citations."""

import pandas as pd

LABELS = {"manufactured_goods": "Manufactured goods", "agriculture": "Agriculture",
          "energy": "Energy", "services": "Services", "total": "Total",
          "us_exports": "US exports", "china_imports": "China's imports",
          "liquefied_natural_gas": "Liquefied natural gas", "iron_steel": "Iron and steel",
          "optical_medical_instruments": "Optical and medical instruments"}
KEY_COLUMNS = ("sector", "basis", "category")  # columns of keys that tables show as labels


def label(key: str) -> str:
    """Human label of a sector, basis or other key."""
    return LABELS.get(key, key.replace("_", " ").capitalize())


def pct(fraction: float, digits: int = 1) -> str:
    """0.5761 -> '57.6%'."""
    return f"{fraction * 100:.{digits}f}%"


def change(ratio: float, digits: int = 1) -> str:
    """Relative change from a ratio to a reference: 1.022 -> '+2.2%'."""
    return f"{(ratio - 1) * 100:+.{digits}f}%"


def bn(value: float, digits: int = 1) -> str:
    """US$ billions: 288.8 -> '$288.8 billion'."""
    return f"${value:,.{digits}f} billion"


def pp(difference: float, digits: int = 1) -> str:
    """Difference of two fractions in percentage points: 0.004 -> '+0.4 pp'."""
    return f"{difference * 100:+.{digits}f} pp"


def column_label(name: str) -> str:
    """'purchases_bn' -> 'Purchases ($bn)', 'vs_2017' -> 'Vs 2017'."""
    unit = " ($bn)" if name.endswith("_bn") else ""
    return name.removesuffix("_bn").replace("_", " ").capitalize() + unit


def md(text: str):
    """Markdown for display, with every `$` escaped so that amounts never read as LaTeX."""
    from IPython.display import Markdown

    return Markdown(text.replace("$", r"\$"))


def inputs_note(inputs: pd.DataFrame, what: str = "this calculation"):
    """Markdown list of the non-official input rows used, each with its quality and source."""
    rows = [f"- {row.what}, {row.year}: {bn(row.value_bn)}, **{row.quality}** ({row.source})"
            for row in inputs.itertuples()]
    return md(f"Inputs of {what} that are not official statistics:\n\n" + "\n".join(rows)
              if rows else "")


# Where a reader finds each publisher's figures (the source texts name the exact table).
LINKS = {
    "US Census Bureau": "https://www.census.gov/foreign-trade/balance/c5700.html",
    "UN Comtrade": "https://comtradeplus.un.org/",
    "PIIE": "https://www.piie.com/research/piie-charts/us-china-phase-one-tracker-chinas-"
            "purchases-us-goods",
    "USTR": "https://ustr.gov/countries-regions/china-mongolia-taiwan/peoples-republic-china",
    "US-China Business Council": "https://www.uschina.org/reports",
    "Economic and Trade Agreement between the US and China (2020-01-15)":
        "https://ustr.gov/phase-one",
    "The Wall Street Journal": "https://www.wsj.com/",
    "CNBC": "https://www.cnbc.com/",
    "BEA": "https://www.bea.gov/data/intl-trade-investment/international-services-expanded",
}


def cited(source: str) -> str:
    """A source text with its publisher (the text before the first comma) as a Markdown link."""
    publisher, comma, rest = source.partition(",")
    url = LINKS.get(publisher.strip())
    return f"[{publisher}]({url}){comma}{rest}" if url else source


def sources_list(sources) -> object:
    """Markdown list of every source used, each publisher linked where we know its page."""
    return md("\n".join(f"- {cited(s)}" for s in sources))


def publishers(sources) -> str:
    """Short source line from full source texts: each publisher (text before the first comma)
    once, in order: 'US Census Bureau; UN Comtrade; ...'."""
    return "; ".join(dict.fromkeys(s.split(",")[0].strip() for s in sources))


def and_list(items) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
