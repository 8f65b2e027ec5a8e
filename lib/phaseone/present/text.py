"""Numbers to words for report prose: money, shares, changes, labels of keys, citations."""

import calendar
import html
import re

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
    """US$ billions: 288.8 -> '$288.8 billion', -0.12 -> '-$0.1 billion' (no '-$0.0')."""
    shown = f"{abs(value):,.{digits}f}"
    sign = "-" if value < 0 and float(shown.replace(",", "")) else ""
    return f"{sign}${shown} billion"


def month_words(month: str) -> str:
    """'2026-05' (or '2026-05-31') -> 'May 2026'."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def date_words(date, short: bool = False) -> str:
    """'2025-08-21' -> '21 August 2025' ('21 Aug 2025' when `short`)."""
    text = str(date)
    name = calendar.month_abbr if short else calendar.month_name
    return f"{int(text[8:10])} {name[int(text[5:7])]} {text[:4]}"


def span(first: int, last: int) -> str:
    """'2026-2029', or '2027' for one year."""
    return f"{first}-{last}" if last > first else f"{first}"


def pp(difference: float, digits: int = 1) -> str:
    """Difference of two fractions in percentage points: 0.004 -> '+0.4 pp'."""
    return f"{difference * 100:+.{digits}f} pp"


def column_label(name: str) -> str:
    """'purchases_bn' -> 'Purchases ($bn)', 'vs_2017' -> 'Vs 2017'."""
    unit = " ($bn)" if name.endswith("_bn") else ""
    return name.removesuffix("_bn").replace("_", " ").capitalize() + unit


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


_MARKDOWN = re.compile(r"([\\`*_\[\]{}#|!~])")


_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|www)([:.])")


def plain(text: str) -> str:
    """Text from data made inert in Markdown and HTML: `<`, `>` and `&` as entities, Markdown's
    marks escaped and URLs' schemes broken with an entity (no autolink), so a source cell can
    never become a link, a tag or emphasis."""
    text = _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False))
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def cited(source: str) -> str:
    """A source text (from data, so made `plain`) with its publisher (the text before the
    first comma) as a Markdown link where we know its page."""
    publisher, comma, rest = source.partition(",")
    url = LINKS.get(publisher.strip())
    return f"[{plain(publisher)}]({url}){comma}{plain(rest)}" if url else plain(source)


def source_list(sources) -> str:
    """A Markdown list of source texts, each `cited` once: a text that another one contains
    (a table's source repeated inside a row's longer one) is left out."""
    texts = list(dict.fromkeys(sources))
    kept = [s for s in texts if not any(s != t and s in t for t in texts)]
    return "\n".join(f"- {cited(s)}" for s in kept)


def publishers(sources) -> str:
    """Short source line from full source texts: each publisher (text before the first comma)
    once, in order: 'US Census Bureau; UN Comtrade; ...'."""
    return "; ".join(dict.fromkeys(plain(s.split(",")[0].strip()) for s in sources))


def and_list(items) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
