"""Story terms normalised: the same thing written differently becomes one term.

- amounts: "$4.75 billion", "$4.75bn", "4,75 billion" -> ``4.75bn`` (the currency is
  dropped: outlets convert it, and the figure is what identifies the deal);
- abbreviations and aliases: "U.S.", "US", "United States" -> ``USA``; "U.K.", "United
  Kingdom" -> ``UK``; "North Korea(n)" -> ``NorthKorea``; "Revolutionary Guards" -> ``IRGC``;
  "United Arab Emirates"/"U.A.E." -> ``UAE``; "New Zealand" -> ``NewZealand``;
- spellings: "defense" -> "defence", "program" -> "programme", "-ize" -> "-ise";
- demonyms: "Russian" -> "russia", "Ukrainian" -> "ukraine", "Swiss" -> "switzerland";
- a few synonyms outlets swap in headlines: "picks"/"chooses"/"selects", "hack"/"breach".

Countries named in the headline or lead are also collected (by name, adjective or
capital, possessive or not): two briefings about disjoint sets of countries are rarely the
same event. So are the currencies sums are given in (:func:`currencies`): figures in two
different currencies cannot disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache

_COUNTRY_TABLE = """
GB: uk britain british kingdom london england scotland wales
US: usa america american washington pentagon
FR: france french paris
DE: germany german berlin bundestag bundeswehr
IT: italy italian rome
ES: spain spanish madrid
NL: netherlands dutch hague amsterdam
BE: belgium belgian
DK: denmark danish copenhagen greenland
NO: norway norwegian oslo
SE: sweden swedish stockholm gotland
FI: finland finnish helsinki
EE: estonia estonian tallinn
LV: latvia latvian riga
LT: lithuania lithuanian vilnius
PL: poland polish warsaw
RO: romania romanian bucharest
BG: bulgaria bulgarian
GR: greece greek athens
TR: turkey turkish türkiye ankara istanbul
CZ: czech prague
SK: slovakia slovak
HU: hungary hungarian budapest
CH: switzerland swiss bern geneva zurich
CA: canada canadian ottawa
UA: ukraine ukrainian kyiv kiev kharkiv odesa zelensky zelenskyy
RU: russia russian moscow kremlin putin
BY: belarus belarusian minsk
CN: china chinese beijing pla
TW: taiwan taiwanese taipei
JP: japan japanese tokyo
KR: southkorea seoul
KP: northkorea pyongyang
PH: philippines philippine manila
AU: australia australian canberra adelaide
IN: india indian delhi
PK: pakistan pakistani islamabad
IL: israel israeli jerusalem
IR: iran iranian tehran irgc
YE: yemen yemeni houthi houthis hodeidah
SA: saudi riyadh
SY: syria syrian damascus
LB: lebanon lebanese hezbollah
CO: colombia colombian bogota
BR: brazil brazilian brasilia
ZA: southafrica pretoria
NZ: newzealand wellington
IE: ireland irish dublin
PT: portugal portuguese lisbon
AT: austria austrian vienna
HR: croatia croatian zagreb
RS: serbia serbian belgrade
SI: slovenia slovenian ljubljana
AL: albania albanian tirana
MD: moldova moldovan chisinau
AM: armenia armenian yerevan
AZ: azerbaijan azerbaijani baku
KZ: kazakhstan kazakh astana
ID: indonesia indonesian jakarta
VN: vietnam vietnamese hanoi
TH: thailand thai bangkok
MY: malaysia malaysian
SG: singapore singaporean
MM: myanmar burmese naypyidaw
BD: bangladesh bangladeshi dhaka
AF: afghanistan afghan kabul taliban
IQ: iraq iraqi baghdad
EG: egypt egyptian cairo
LY: libya libyan tripoli
SD: sudan sudanese khartoum
ET: ethiopia ethiopian
SO: somalia somali mogadishu
NG: nigeria nigerian abuja
ML: mali malian bamako
DZ: algeria algerian algiers
MA: morocco moroccan rabat
QA: qatar qatari doha
AE: uae emirati emirates
KW: kuwait kuwaiti
OM: oman omani
MX: mexico mexican
AR: argentina argentine argentinian
CL: chile chilean santiago
PE: peru peruvian
VE: venezuela venezuelan caracas
CU: cuba cuban havana
IS: iceland icelandic reykjavik
CY: cyprus cypriot nicosia
"""
COUNTRIES: dict[str, str] = {
    word: code
    for line in _COUNTRY_TABLE.strip().splitlines()
    for code, words in [line.split(":", 1)]
    for word in words.split()
}
_DEMONYMS = {
    "british": "uk", "britain": "uk", "american": "usa", "america": "usa", "french": "france",
    "german": "germany", "italian": "italy", "spanish": "spain", "dutch": "netherlands",
    "belgian": "belgium", "danish": "denmark", "norwegian": "norway", "swedish": "sweden",
    "finnish": "finland", "estonian": "estonia", "latvian": "latvia", "lithuanian": "lithuania",
    "polish": "poland", "romanian": "romania", "bulgarian": "bulgaria", "greek": "greece",
    "turkish": "turkey", "türkiye": "turkey", "czech": "czechia", "slovak": "slovakia",
    "hungarian": "hungary", "swiss": "switzerland", "canadian": "canada",
    "ukrainian": "ukraine", "kiev": "kyiv", "russian": "russia", "belarusian": "belarus",
    "chinese": "china", "taiwanese": "taiwan", "japanese": "japan", "philippine": "philippines",
    "australian": "australia", "indian": "india", "pakistani": "pakistan", "israeli": "israel",
    "iranian": "iran", "yemeni": "yemen", "syrian": "syria", "lebanese": "lebanon",
    "colombian": "colombia", "brazilian": "brazil", "irish": "ireland",
    "portuguese": "portugal", "austrian": "austria", "croatian": "croatia", "serbian": "serbia",
    "slovenian": "slovenia", "albanian": "albania", "moldovan": "moldova",
    "armenian": "armenia", "azerbaijani": "azerbaijan", "kazakh": "kazakhstan",
    "indonesian": "indonesia", "vietnamese": "vietnam", "thai": "thailand",
    "malaysian": "malaysia", "singaporean": "singapore", "burmese": "myanmar",
    "bangladeshi": "bangladesh", "afghan": "afghanistan", "iraqi": "iraq", "egyptian": "egypt",
    "libyan": "libya", "sudanese": "sudan", "ethiopian": "ethiopia", "somali": "somalia",
    "nigerian": "nigeria", "malian": "mali", "algerian": "algeria", "moroccan": "morocco",
    "qatari": "qatar", "emirati": "uae", "emirates": "uae", "kuwaiti": "kuwait",
    "omani": "oman", "mexican": "mexico", "argentine": "argentina", "argentinian": "argentina",
    "chilean": "chile", "peruvian": "peru", "venezuelan": "venezuela", "cuban": "cuba",
    "icelandic": "iceland", "cypriot": "cyprus",
}  # fmt: skip
_SPELLINGS = {
    "defense": "defence", "defenses": "defences", "program": "programme",
    "programs": "programmes", "armor": "armour", "armored": "armoured", "center": "centre",
    "offense": "offence", "license": "licence", "gray": "grey", "aluminum": "aluminium",
    "harbor": "harbour", "maneuver": "manoeuvre", "maneuvers": "manoeuvres",
}  # fmt: skip
# Words outlets use for the same act or thing in a headline or lead.
_SYNONYMS = {
    word: canonical
    for canonical, words in {
        "select": "select selects selected selecting choose chooses chose chosen pick picks "
        "picked opt opts opted",
        "buy": "buy buys bought buying purchase purchases purchased procure procures procured "
        "acquire acquires acquired",
        "seize": "seize seizes seized seizing capture captures captured",
        "hack": "hack hacks hacked hacking hacker hackers breach breaches breached "
        "cyberattack cyberattacks",
        "ship": "ship ships vessel vessels warship warships boat boats",
        "jet": "jet jets aircraft plane planes warplane warplanes fighters",
    }.items()
    for word in words.split()
}
_IZE = re.compile(r"(?<=\w{3})iz(e|es|ed|ing|ation|ations)$")

# Each alias with what a text must contain for it to match: a case-sensitive string, or
# a lowercase one looked for in the folded text (a cheap test that skips most patterns).
_ALIASES: tuple[tuple[re.Pattern[str], str, tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), replacement, tuple(exact.split()), tuple(folded.split()))
    for pattern, replacement, exact, folded in (
        (
            r"\bU\.\s?S\.(?:\s?A\.)?(?!\w)|\bUS\b|\b(?i:United\s+States)(?:\s+of\s+America)?\b",
            "USA",
            "U. US",
            "united",
        ),
        (r"\bU\.\s?K\.(?!\w)|\b(?i:United\s+Kingdom)\b", "UK", "U.", "united"),
        (r"\bU\.\s?N\.(?!\w)|\b(?i:United\s+Nations)\b", "UN", "U.", "united"),
        (r"\b(?i:North\s+Atlantic\s+Treaty\s+Organi[sz]ation)\b", "NATO", "", "north"),
        (r"\b(?i:North\s+Korean?)\b|\bDPRK\b", "NorthKorea", "DPRK", "north"),
        (r"\b(?i:South\s+Korean?)\b", "SouthKorea", "", "south"),
        (r"\b(?i:South\s+African?)\b", "SouthAfrica", "", "south"),
        (r"\b(?i:New\s+Zealand(?:ers?)?)\b", "NewZealand", "", "zealand"),
        (r"\b(?i:United\s+Arab\s+Emirates)\b|\bU\.A\.E\.", "UAE", "U.A.", "united"),
        (
            r"\b(?i:(?:Islamic\s+)?Revolutionary\s+Guards?(?:\s+Corps)?)\b",
            "IRGC",
            "",
            "revolutionary",
        ),
        (r"\b(?i:Ministry\s+of\s+Defen[cs]e)\b", "MoD", "", "ministry"),
    )
)
# The only non-ASCII characters Python's re matches to ASCII letters when ignoring case.
_RE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_SCALE = {
    "trillion": "tn", "tn": "tn", "billion": "bn", "bn": "bn", "b": "bn",
    "million": "m", "mn": "m", "m": "m", "thousand": "k", "k": "k",
}  # fmt: skip
_AMOUNT = re.compile(
    r"""(?x)(?<![\w.])
        (?:US\$|A\$|C\$|NZ\$|[$€£¥₹]|(?i:DKr|SEK|NOK|DKK|CHF|EUR|USD|GBP|AUD|INR|PLN|Rs\.?))?\s?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)\s?
        (?P<scale>(?i:trillion|tn|billion|bn|million|mn|thousand)|[bmk])\b"""
)
# Every amount ends in a digit and a scale: texts without one skip the slow pattern.
_AMOUNT_HINT = re.compile(r"\d\s?(?:(?i:trillion|tn|billion|bn|million|mn|thousand)|[bmk])\b")


_CURRENCY_NAMES = {
    "USD": "$ us$ usd dollar dollars", "AUD": "a$ aud", "CAD": "c$ cad", "NZD": "nz$ nzd",
    "EUR": "€ eur euro euros", "GBP": "£ gbp pound pounds sterling",
    "DKK": "dkr dkk", "SEK": "sek kronor", "NOK": "nok", "CHF": "chf franc francs",
    "JPY": "¥ jpy yen", "CNY": "cny yuan renminbi", "INR": "₹ inr rs rs. rupee rupees",
    "PLN": "pln zloty zlotys", "KRW": "krw won", "ILS": "ils shekel shekels",
    "RUB": "rub rouble roubles ruble rubles", "TRY": "lira",
    "XKR": "kroner krone crowns",  # Danish or Norwegian: not told apart from the other two
}  # fmt: skip
_CURRENCY_OF = {name: code for code, names in _CURRENCY_NAMES.items() for name in names.split()}
_CURRENCY = re.compile(
    r"""(?x)
        (?P<pre>US\$|A\$|C\$|NZ\$|[$€£¥₹]|\b(?i:DKr|DKK|SEK|NOK|CHF|EUR|USD|GBP|AUD|INR|PLN|
            JPY|CNY|KRW|Rs\.?))\s?\d
        |\d\s?(?:(?i:trillion|tn|billion|bn|million|mn|thousand)|[bmk])?\s?
        (?P<post>(?i:dollars?|euros?|pounds?|sterling|kroner|krone|kronor|crowns|rupees?|yen|
            yuan|renminbi|francs?|zlotys?|won|shekels?|roubles?|rubles?|lira))\b"""
)


def currencies(text: str) -> frozenset[str]:
    """The currencies sums of money in ``text`` are given in ("€7.7bn", "58 billion kroner").

    Outlets convert sums, so two figures in different currencies cannot disagree.
    """
    found = set()
    for match in _CURRENCY.finditer(text):
        name = (match.group("pre") or match.group("post")).casefold()
        found.add(_CURRENCY_OF[name])
    return frozenset(found)


def _amount(match: re.Match[str]) -> str:
    number = match.group("num")
    if re.fullmatch(r"\d+,\d{1,2}", number):
        number = number.replace(",", ".")  # "4,75 billion": a decimal comma
    number = number.replace(",", "")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return f" {number}{_SCALE[match.group('scale').casefold()]} "


def normalise_text(text: str) -> str:
    """Abbreviations and aliases spelled one way; amounts as ``<number><scale>``."""
    folded = (text if text.isascii() else text.translate(_RE_FOLDS)).lower()
    for pattern, replacement, exact, lowered in _ALIASES:
        # Replacements never add what a later pattern needs, so the original text's
        # folding answers for every pattern.
        for needed in exact:
            if needed in text:
                break
        else:
            for needed in lowered:
                if needed in folded:
                    break
            else:
                continue
        text = pattern.sub(replacement, text)
    return _AMOUNT.sub(_amount, text) if _AMOUNT_HINT.search(text) else text


@lru_cache(maxsize=65536)
def canonical_word(lower: str) -> str:
    """One spelling per word: British spelling, demonym -> country name."""
    word = _DEMONYMS.get(lower) or _SPELLINGS.get(lower) or _SYNONYMS.get(lower) or lower
    return _IZE.sub(r"is\1", word)
