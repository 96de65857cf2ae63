"""Country names and codes as publishers write them -> ISO 3166-1 alpha-2.

JSON-LD gives countries as "US", "USA", "United States" or "Deutschland". Every alpha-2 code is
accepted; names and alpha-3 codes only for the table below (the most populous countries, the
English-speaking ones, the EU and EEA, and a few more). An unknown name maps to "" and is dropped
by the caller: a wrong guess would hide a listing from the people it is meant for.
"""

from __future__ import annotations

import re
import unicodedata

_ALPHA2_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ALPHA2 = frozenset(_ALPHA2_CODES.split())

# alpha-2, alpha-3, then the names (English first, "|"-separated). Keys are folded by _fold().
_TABLE = """
AF AFG Afghanistan
AL ALB Albania
DZ DZA Algeria
AO AGO Angola
AR ARG Argentina
AM ARM Armenia
AU AUS Australia
AT AUT Austria|Osterreich
AZ AZE Azerbaijan
BS BHS Bahamas
BD BGD Bangladesh
BB BRB Barbados
BY BLR Belarus
BE BEL Belgium|Belgie|Belgique
BZ BLZ Belize
BJ BEN Benin
BO BOL Bolivia
BA BIH Bosnia and Herzegovina
BW BWA Botswana
BR BRA Brazil|Brasil
BG BGR Bulgaria
BF BFA Burkina Faso
KH KHM Cambodia
CM CMR Cameroon
CA CAN Canada
CL CHL Chile
CN CHN China|People's Republic of China
CO COL Colombia
CD COD Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa
CG COG Republic of the Congo|Congo-Brazzaville
CR CRI Costa Rica
CI CIV Cote d'Ivoire|Ivory Coast
HR HRV Croatia|Hrvatska
CU CUB Cuba
CY CYP Cyprus
CZ CZE Czechia|Czech Republic
DK DNK Denmark|Danmark
DO DOM Dominican Republic
EC ECU Ecuador
EG EGY Egypt
SV SLV El Salvador
EE EST Estonia
ET ETH Ethiopia
FJ FJI Fiji
FI FIN Finland|Suomi
FR FRA France
DE DEU Germany|Deutschland
GH GHA Ghana
GR GRC Greece|Hellas
GT GTM Guatemala
GY GUY Guyana
HT HTI Haiti
HN HND Honduras
HK HKG Hong Kong
HU HUN Hungary|Magyarorszag
IS ISL Iceland
IN IND India
ID IDN Indonesia
IR IRN Iran
IQ IRQ Iraq
IE IRL Ireland|Republic of Ireland|Eire
IL ISR Israel
IT ITA Italy|Italia
JM JAM Jamaica
JP JPN Japan
JO JOR Jordan
KZ KAZ Kazakhstan
KE KEN Kenya
KR KOR South Korea|Korea|Republic of Korea
LV LVA Latvia
LB LBN Lebanon
LR LBR Liberia
LI LIE Liechtenstein
LT LTU Lithuania
LU LUX Luxembourg
MG MDG Madagascar
MW MWI Malawi
MY MYS Malaysia
MT MLT Malta
MU MUS Mauritius
MX MEX Mexico
MA MAR Morocco
MZ MOZ Mozambique
MM MMR Myanmar|Burma
NA NAM Namibia
NP NPL Nepal
NL NLD Netherlands|Holland|Nederland
NZ NZL New Zealand|Aotearoa
NI NIC Nicaragua
NE NER Niger
NG NGA Nigeria
NO NOR Norway|Norge
PK PAK Pakistan
PS PSE Palestine
PA PAN Panama
PG PNG Papua New Guinea
PY PRY Paraguay
PE PER Peru
PH PHL Philippines
PL POL Poland|Polska
PT PRT Portugal
PR PRI Puerto Rico
QA QAT Qatar
RO ROU Romania
RU RUS Russia|Russian Federation
RW RWA Rwanda
SA SAU Saudi Arabia
SN SEN Senegal
RS SRB Serbia
SL SLE Sierra Leone
SG SGP Singapore
SK SVK Slovakia
SI SVN Slovenia
SO SOM Somalia
ZA ZAF South Africa
SS SSD South Sudan
ES ESP Spain|Espana
LK LKA Sri Lanka
SD SDN Sudan
SE SWE Sweden|Sverige
CH CHE Switzerland|Schweiz|Suisse|Svizzera
SY SYR Syria
TW TWN Taiwan
TZ TZA Tanzania
TH THA Thailand
TT TTO Trinidad and Tobago
TN TUN Tunisia
TR TUR Turkey|Turkiye
UG UGA Uganda
UA UKR Ukraine
AE ARE United Arab Emirates|UAE
GB GBR United Kingdom|UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland
US USA United States|United States of America|America|U.S.|U.S.A.
UY URY Uruguay
UZ UZB Uzbekistan
VE VEN Venezuela
VN VNM Vietnam|Viet Nam
YE YEM Yemen
ZM ZMB Zambia
ZW ZWE Zimbabwe
"""


def _fold(name: str) -> str:
    """Accents, case, dots, punctuation and a leading "the" do not matter: "The Netherlands",
    "U.S.A." and "Côte d'Ivoire" meet their table keys."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold().replace(".", "")
    folded = " ".join(re.sub(r"[^\w]+", " ", folded).split())
    return folded.removeprefix("the ")


def _build() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_alpha3: dict[str, str] = {}
    by_name: dict[str, str] = {}
    english: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        alpha2, alpha3, names = line.split(" ", 2)
        by_alpha3[alpha3] = alpha2
        english[alpha2] = names.split("|")[0]
        for name in names.split("|"):
            by_name[_fold(name)] = alpha2
    return by_alpha3, by_name, english


_BY_ALPHA3, _BY_NAME, _ENGLISH_NAME = _build()


def country_name(code: str) -> str:
    """The English name for an alpha-2 code in the table, else the code itself."""
    return _ENGLISH_NAME.get(code.upper(), code.upper())


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for the countries in the table, by name: the browse page's country list."""
    return sorted(_ENGLISH_NAME.items(), key=lambda item: item[1])


def country_code(value: str) -> str:
    """The ISO alpha-2 code for a code or a known name, else ""."""
    value = value.strip() if isinstance(value, str) else ""
    upper = value.upper()
    if len(value) == 2:
        # "UK" is not ISO but everyone writes it; ISO reserves it for GB.
        return "GB" if upper == "UK" else (upper if upper in ALPHA2 else "")
    if len(value) == 3 and upper in _BY_ALPHA3 and value.isupper():
        return _BY_ALPHA3[upper]
    return _BY_NAME.get(_fold(value), "")
