"""Wikidata ids offline: countries by ISO 3166 code, well-known international bodies by name.

The ids are facts from Wikidata (CC0); nothing is fetched at run time. Organisations are limited to
bodies a wire story names often, under the names and abbreviations newsrooms use for them; an
abbreviation that also names a common other body (ICC: the cricket council; ECB: the cricket board)
is left out.
"""

from __future__ import annotations

from newswire.pipeline.enrich.entities import mentions

_COUNTRIES = """
AD Q228 AE Q878 AF Q889 AG Q781 AI Q25228 AL Q222 AM Q399 AO Q916 AQ Q51 AR Q414 AS Q16641 AT Q40
AU Q408 AW Q21203 AX Q5689 AZ Q227 BA Q225 BB Q244 BD Q902 BE Q31 BF Q965 BG Q219 BH Q398 BI Q967
BJ Q962 BL Q25362 BM Q23635 BN Q921 BO Q750 BQ Q27561 BR Q155 BS Q778 BT Q917 BV Q23408 BW Q963
BY Q184 BZ Q242 CA Q16 CC Q36004 CD Q974 CF Q929 CG Q971 CH Q39 CI Q1008 CK Q26988 CL Q298 CM Q1009
CN Q148 CO Q739 CR Q800 CU Q241 CV Q1011 CW Q25279 CX Q31063 CY Q229 CZ Q213 DE Q183 DJ Q977 DK Q35
DM Q784 DO Q786 DZ Q262 EC Q736 EE Q191 EG Q79 EH Q6250 ER Q986 ES Q29 ET Q115 FI Q33 FJ Q712
FK Q9648 FM Q702 FO Q4628 FR Q142 GA Q1000 GB Q145 GD Q769 GE Q230 GF Q3769 GG Q25230 GH Q117
GI Q1410 GL Q223 GM Q1005 GN Q1006 GP Q17012 GQ Q983 GR Q41 GS Q35086 GT Q774 GU Q16635 GW Q1007
GY Q734 HK Q8646 HM Q131198 HN Q783 HR Q224 HT Q790 HU Q28 ID Q252 IE Q27 IL Q801 IM Q9676 IN Q668
IO Q43448 IQ Q796 IR Q794 IS Q189 IT Q38 JE Q785 JM Q766 JO Q810 JP Q17 KE Q114 KG Q813 KH Q424
KI Q710 KM Q970 KN Q763 KP Q423 KR Q884 KW Q817 KY Q5785 KZ Q232 LA Q819 LB Q822 LC Q760 LI Q347
LK Q854 LR Q1014 LS Q1013 LT Q37 LU Q32 LV Q211 LY Q1016 MA Q1028 MC Q235 MD Q217 ME Q236 MF Q126125
MG Q1019 MH Q709 MK Q221 ML Q912 MM Q836 MN Q711 MO Q14773 MP Q16644 MQ Q17054 MR Q1025 MS Q13353
MT Q233 MU Q1027 MV Q826 MW Q1020 MX Q96 MY Q833 MZ Q1029 NA Q1030 NC Q33788 NE Q1032 NF Q31057
NG Q1033 NI Q811 NL Q55 NO Q20 NP Q837 NR Q697 NU Q34020 NZ Q664 OM Q842 PA Q804 PE Q419 PF Q30971
PG Q691 PH Q928 PK Q843 PL Q36 PM Q34617 PN Q35672 PR Q1183 PS Q219060 PT Q45 PW Q695 PY Q733
QA Q846 RE Q17070 RO Q218 RS Q403 RU Q159 RW Q1037 SA Q851 SB Q685 SC Q1042 SD Q1049 SE Q34 SG Q334
SH Q192184 SI Q215 SJ Q842829 SK Q214 SL Q1044 SM Q238 SN Q1041 SO Q1045 SR Q730 SS Q958 ST Q1039
SV Q792 SX Q26273 SY Q858 SZ Q1050 TC Q18221 TD Q657 TF Q129003 TG Q945 TH Q869 TJ Q863 TK Q36823
TL Q574 TM Q874 TN Q948 TO Q678 TR Q43 TT Q754 TV Q672 TW Q865 TZ Q924 UA Q212 UG Q1036 UM Q16645
US Q30 UY Q77 UZ Q265 VA Q237 VC Q757 VE Q717 VG Q25305 VI Q11703 VN Q881 VU Q686 WF Q35555 WS Q683
YE Q805 YT Q17063 ZA Q258 ZM Q953 ZW Q954
"""
COUNTRIES: dict[str, str] = dict(zip(*[iter(_COUNTRIES.split())] * 2, strict=True))

#: Wikidata id -> the names and abbreviations an article may use (the first is the canonical name).
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "Q1065": ("United Nations", "UN", "U.N."),
    "Q47423": ("United Nations General Assembly", "UN General Assembly", "UNGA"),
    "Q37470": ("United Nations Security Council", "UN Security Council", "UNSC"),
    "Q740308": ("UNICEF", "United Nations Children's Fund"),
    "Q7809": ("UNESCO",),
    "Q7817": ("World Health Organization", "World Health Organisation", "WHO"),
    "Q7804": ("International Monetary Fund", "IMF"),
    "Q7164": ("World Bank",),
    "Q7825": ("World Trade Organization", "World Trade Organisation", "WTO"),
    "Q7801": ("International Court of Justice", "ICJ"),
    "Q47488": ("International Criminal Court",),
    "Q458": ("European Union", "EU"),
    "Q8880": ("European Commission",),
    "Q8889": ("European Parliament",),
    "Q8886": ("European Council",),
    "Q8901": ("European Central Bank",),
    "Q8908": ("Council of Europe",),
    "Q7184": ("NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
    "Q81299": ("Organization for Security and Co-operation in Europe", "OSCE"),
    "Q41550": ("OECD", "Organisation for Economic Co-operation and Development"),
    "Q7795": ("OPEC", "Organization of the Petroleum Exporting Countries"),
    "Q8475": ("Interpol",),
    "Q7159": ("African Union",),
    "Q7172": ("Arab League", "League of Arab States"),
    "Q217172": ("Gulf Cooperation Council",),
    "Q123759": ("Organization of American States", "OAS"),
    "Q42262": ("European Space Agency",),
    "Q42944": ("CERN",),
    "Q40970": ("International Olympic Committee", "IOC"),
    "Q253414": ("FIFA",),
    "Q35572": ("UEFA",),
}


#: One-word names that are also everyday words: matched only as written ("WHO" is the agency, "Who" not).
CASE_SENSITIVE = frozenset({"WHO", "UN"})


def _key(name: str) -> str:
    """The name as mentions are grouped ("the U.N." is UN, "Nato" is NATO), case kept for CASE_SENSITIVE."""
    key = mentions.clean(name).replace(".", "")
    return key if key in CASE_SENSITIVE else key.casefold()


_BY_NAME = {_key(name): qid for qid, names in ORGANISATIONS.items() for name in names}


def country(iso3166: str) -> str | None:
    """The Wikidata id of an ISO 3166 alpha-2 country code."""
    return COUNTRIES.get(iso3166.upper())


def organisation(name: str) -> tuple[str, str] | None:
    """(Wikidata id, canonical name) of a known international body ("the U.N." included), or None."""
    qid = _BY_NAME.get(_key(name))
    return (qid, ORGANISATIONS[qid][0]) if qid else None
