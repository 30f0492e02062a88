"""A generated stream of payment and trade-finance messages with planted hits, and its labels.

Clean messages are written with realistic parties: people from rows 0-24,999 of
``negatives_global.csv`` (the half never used to fit the matcher), firms named after their
surnames with a line of business and a legal form, real BICs of banks on no list, ordinary
remittance texts, non-CHPL goods and ports outside Russia. A share of the messages carries one
planted hit each, of one field kind, taken from the loaded lists:

* ``bic``: a listed bank's BIC as an agent; ``institution``: another location or branch of it;
* ``identifier``: a listed company's INN, OGRN or LEI as the creditor's organisation id;
* ``imo``: a listed vessel's IMO number in the remittance text;
* ``name``: a listed company's or person's name as debtor, creditor, beneficiary or applicant
  (as listed, or as an MT system writes it: upper case, ASCII, wrapped at 35 characters);
* ``agent_name``: a listed bank's name as a named agent;
* ``text_name``: a listed company's name in the remittance text or field 70;
* ``goods``: CHPL goods in field 45A or the remittance text;
* ``country``: a party in Russia or Belarus, a port of discharge in Russia or an address in an
  occupied region of Ukraine.

Listed parties are split by entity into a development and a validation half (a hash of the
entity id), so that recall is reported on parties never looked at while building the screening.
"""

from __future__ import annotations

import csv
import hashlib
import random
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from anyascii import anyascii

from dualwatch.model import Entity
from dualwatch.risk.payment_lists import ListTables

NEGATIVES = Path("../shared/bench/negatives_global.csv")
KINDS = ("bic", "institution", "identifier", "imo", "name", "agent_name", "text_name",
         "goods", "country")
# Real BICs of banks on no bundled list (ISO 9362 codes as the banks publish them).
CLEAN_BICS = (
    "DEUTDEFF", "COBADEFF", "DRESDEFF", "GENODEM1GLS", "BYLADEMM", "HELADEFF", "BNPAFRPP",
    "SOGEFRPP", "AGRIFRPP", "CRLYFRPP", "HSBCGB2L", "BARCGB22", "NWBKGB2L", "LOYDGB2L",
    "CITIUS33", "CHASUS33", "BOFAUS3N", "WFBIUS6S", "IRVTUS3N", "INGBNL2A", "ABNANL2A",
    "RABONL2U", "UBSWCHZH80A", "CRESCHZZ80A", "ZKBKCHZZ80A", "DABADKKK", "NDEADKKK",
    "ESSESESS", "HANDSESS", "SWEDSESS", "DNBANOKK", "OKOYFIHH", "BSCHESMM", "BBVAESMM",
    "CAIXESBB", "UNCRITMM", "BCITITMM", "RZBAATWW", "BKAUATWW", "GIBAATWW", "KREDBEBB",
    "GEBABEBB", "BKCHCNBJ", "ICBKCNBJ", "PCBCCNBJ", "ABOCCNBJ", "HSBCHKHH", "SCBLHKHH",
    "DBSSSGSG", "OCBCSGSG", "UOVBSGSG", "MHCBJPJT", "BOTKJPJT", "SMBCJPJT", "KOEXKRSE",
    "SHBKKRSE", "ANZBAU3M", "CTBAAU2S", "NATAAU33", "WPACAU2S", "ROYCCAT2", "TDOMCATT",
    "BOFMCAM2", "EBILAEAD", "NBADAEAA", "TGBATRIS", "ISBKTRIS", "AKBKTRIS", "SBININBB",
    "HDFCINBB", "ICICINBB", "BBDEBRSP", "ITAUBRSP", "BNMXMXMM", "SBZAZAJJ", "FIRNZAJJ",
    "BPKOPLPW", "KOMBCZPP", "OTPVHUHB", "BACXPTPL", "ETHNGRAA", "BOFIIE2D", "PBNKDEFF")
CLEAN_BANK_NAMES = ("Deutsche Bank AG", "Commerzbank AG", "BNP Paribas SA", "HSBC Bank plc",
                    "Citibank N.A.", "ING Bank N.V.", "UBS Switzerland AG", "Danske Bank A/S",
                    "Banco Santander SA", "UniCredit SpA", "Bank of China Limited",
                    "Emirates NBD Bank PJSC", "Standard Chartered Bank", "DBS Bank Ltd",
                    "Mizuho Bank Ltd", "Raiffeisen Bank International AG", "KBC Bank NV")
ACTIVITIES = ("Trading", "Logistics", "Engineering", "Textiles", "Foods", "Consulting",
              "Construction", "Furniture", "Auto Parts", "Packaging", "Agro", "Pharma",
              "Electrical", "Machinery", "Plastics", "Shipping", "Travel", "Ceramics",
              "Printing", "Media", "Software", "Properties", "Metals", "Chemicals", "Paper")
FORMS = {"de": "GmbH", "at": "GmbH", "ch": "AG", "fr": "SARL", "it": "SRL", "es": "SL",
         "nl": "BV", "be": "BV", "gb": "Ltd", "ie": "Ltd", "us": "LLC", "ca": "Inc",
         "dk": "ApS", "se": "AB", "no": "AS", "fi": "Oy", "pl": "Sp. z o.o.", "cz": "s.r.o.",
         "cn": "Co., Ltd.", "hk": "Limited", "sg": "Pte Ltd", "ae": "FZE", "tr": "Ltd Sti",
         "in": "Pvt Ltd", "jp": "KK", "kr": "Co Ltd", "br": "Ltda", "mx": "SA de CV",
         "za": "Pty Ltd", "kz": "TOO", "ge": "LLC", "am": "LLC", "ua": "TOV", "pt": "Lda",
         "gr": "AE", "hu": "Kft", "au": "Pty Ltd", "il": "Ltd", "rs": "DOO"}
TOWNS = {"de": "Hamburg", "at": "Vienna", "ch": "Zurich", "fr": "Lyon", "it": "Milan",
         "es": "Valencia", "nl": "Rotterdam", "be": "Antwerp", "gb": "Manchester",
         "ie": "Dublin", "us": "Chicago", "ca": "Toronto", "dk": "Aarhus", "se": "Gothenburg",
         "no": "Bergen", "fi": "Tampere", "pl": "Gdansk", "cz": "Brno", "cn": "Ningbo",
         "hk": "Kowloon", "sg": "Singapore", "ae": "Dubai", "tr": "Izmir", "in": "Pune",
         "jp": "Osaka", "kr": "Busan", "br": "Santos", "mx": "Monterrey", "za": "Durban",
         "kz": "Almaty", "ge": "Tbilisi", "am": "Yerevan", "ua": "Lviv", "pt": "Porto",
         "gr": "Piraeus", "hu": "Debrecen", "au": "Brisbane", "il": "Haifa", "rs": "Novi Sad"}
STREETS = ("Market Street", "Harbour Road", "Industrial Avenue", "Station Road", "Park Lane",
           "Mill Street", "Commerce Way", "Riverside Drive", "Church Street", "Bridge Road")
CLEAN_TEXTS = ("INVOICE {n}", "INV {n} DATED 12.03.2024", "SALARY MARCH", "RENT {n}",
               "CONTRACT {n} ADVANCE PAYMENT 30 PERCENT", "ORDER {n} BALANCE", "REFUND {n}",
               "CONSULTING SERVICES Q1 INVOICE {n}", "FREIGHT CHARGES BL {n}",
               "MEMBERSHIP FEE 2024", "LOAN REPAYMENT {n}", "INSURANCE PREMIUM POLICY {n}")
CLEAN_GOODS = ("COTTON T-SHIRTS 100 PCT COTTON 12000 PCS", "OFFICE CHAIRS UPHOLSTERED 400 UNITS",
               "FROZEN SHRIMP 20 TONS", "CERAMIC FLOOR TILES 60X60 CM", "OLIVE OIL EXTRA VIRGIN",
               "CHILDREN TOYS PLASTIC ASSORTED", "KRAFT PAPER ROLLS 80 GSM",
               "FRESH APPLES IN CARTONS", "WOODEN DINING TABLES", "LEATHER SHOES FOR MEN",
               "STAINLESS STEEL KITCHEN SINKS", "COFFEE BEANS ARABICA GREEN",
               "POLYESTER YARN 150D", "CANNED TOMATOES 400G", "BICYCLE TYRES 26 INCH")
CHPL_GOODS = ("INTEGRATED CIRCUITS MICROCONTROLLERS STM32F407VGT6",
              "FPGA XC7A35T-1CSG324C 2000 PCS", "GNSS RECEIVER MODULES U-BLOX NEO-M8N",
              "TANTALUM CAPACITORS 100UF 16V", "BALL BEARINGS 6205-2RS 10000 PCS",
              "CNC MACHINING CENTRES 5 AXIS", "CNC LATHE MACHINES FANUC CONTROL",
              "MOSFET TRANSISTORS IRF540N", "RADIO TRANSCEIVERS VHF HANDHELD",
              "OSCILLOSCOPES DIGITAL 200 MHZ", "MEMORY CHIPS DDR4 DRAM 8GB",
              "OPTICAL LENSES FOR CAMERAS", "MICROPROCESSORS INTEL CORE I7")
CLEAN_PORTS = ("HAMBURG, GERMANY", "ROTTERDAM, NETHERLANDS", "SHANGHAI, CHINA", "JEBEL ALI",
               "MERSIN, TURKEY", "ANTWERP, BELGIUM", "NHAVA SHEVA, INDIA", "SINGAPORE",
               "SANTOS, BRAZIL", "VALENCIA, SPAIN", "BUSAN, KOREA", "DURBAN")
RISKY_PLACES = (("NOVOROSSIYSK, RUSSIA", "ru"), ("ST PETERSBURG", "ru"),
                ("VLADIVOSTOK", "ru"), ("KERCH", "ua-43"), ("SEVASTOPOL", "ua-40"),
                ("MINSK, BELARUS", "by"))
CLEAN_COUNTRIES = tuple(TOWNS)
_SWIFT_X = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")
LEGAL_SHORT = (("LIMITED LIABILITY COMPANY", "LLC"), ("JOINT STOCK COMPANY", "JSC"),
               ("PUBLIC JOINT STOCK COMPANY", "PJSC"), ("COMPANY LIMITED", "CO LTD"),
               ("Limited Liability Company", "LLC"), ("Joint Stock Company", "JSC"))


@dataclass
class Party:
    name: str
    country: str
    town: str
    street: str
    ident: str | None = None


@dataclass
class Planted:
    ref: str
    kind: str
    expected: str  # a list source (dataset:id) or a country/region code
    split: str  # dev | validation (listed parties), or "" where no party is behind it
    written: str


@dataclass
class Spec:
    """Everything a message says; rendered to one of the formats."""

    ref: str
    fmt: str
    debtor: Party
    creditor: Party
    debtor_bic: str
    creditor_bic: str
    intermediary_bic: str | None
    remittance: str
    amount: str
    currency: str
    goods: str = ""
    port_from: str = ""
    port_to: str = ""
    agent_name: str | None = None
    mt_names: bool = field(default=False)


@dataclass
class Pools:
    people: list[tuple[str, str]]  # (name, nationality code)
    surnames: list[str]  # Latin-script surnames, for firms named after their owners
    listed_names: list[tuple[str, str, str, str]]  # (name, source, split, schema)
    listed_orgs: list[tuple[str, str, str]]  # (name, source, split) for free text
    listed_banks: list[tuple[str, str, str]]
    bics: list[tuple[str, str]]  # (BIC, source)
    institutions: list[tuple[str, str]]
    idents: list[tuple[str, str, str]]  # (value, source, split)
    imos: list[tuple[str, str]]


def split_of(entity_id: str) -> str:
    return "dev" if hashlib.sha1(entity_id.encode()).digest()[0] % 2 == 0 else "validation"


def _latin(name: str) -> bool:
    return anyascii(name) == name and any(c.isalpha() for c in name)


def build_pools(entities: list[Entity], tables: ListTables, seed: int) -> Pools:
    rng = random.Random(seed)
    people: list[tuple[str, str]] = []
    surnames: list[str] = []
    with NEGATIVES.open(encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh)):
            if number >= 25_000:
                break
            people.append((row["full_name"], row["nationality"]))
            if _latin(row["last_name"]) and len(row["last_name"]) >= 3:
                surnames.append(row["last_name"])
    names, orgs, banks, idents = [], [], [], []
    for e in entities:
        source = f"{e.dataset}:{e.source_id}"
        split = split_of(e.id)
        primary = [n.value for n in e.names if n.kind in ("primary", "alias")]
        usable = [n for n in primary if "(" not in n and len(n) <= 80]
        if e.schema in ("Person", "Company", "Organization", "LegalEntity") and usable:
            names.append((usable[0], source, split, e.schema))
        if e.schema != "Person":
            for n in primary:
                if _latin(n) and len(n.split()) >= 2:
                    orgs.append((n, source, split))
                    break
        if any(i.type == "swift" for i in e.identifiers) and primary and _latin(primary[0]):
            banks.append((primary[0], source, split))
        for i in e.identifiers:
            if i.type in ("inn", "ogrn", "lei") and i.value.isalnum():
                idents.append((i.value, source, split))
    bics = sorted((b, entries[0].source) for b, entries in tables.bics.items()
                  if len(b) in (8, 11))
    institutions = sorted((p, entries[0].source) for p, entries in tables.institutions.items())
    imos = sorted((n, entries[0].source) for n, entries in tables.imos.items())
    rng.shuffle(names)
    return Pools(people, surnames, names, orgs, banks, bics, institutions, idents, imos)


def clean_bics(tables: ListTables) -> list[str]:
    return [b for b in CLEAN_BICS if not tables.institutions.get(b[:6])]


class Generator:
    def __init__(self, pools: Pools, tables: ListTables, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = pools
        self.tables = tables
        self.bics = clean_bics(tables)

    def party(self, company: bool) -> Party:
        rng = self.rng
        person, _ = rng.choice(self.pools.people)
        country = rng.choice(CLEAN_COUNTRIES)
        if company:
            surname = rng.choice(self.pools.surnames)
            name = f"{surname} {rng.choice(ACTIVITIES)} {FORMS[country]}"
        else:
            name = person
        return Party(name, country, TOWNS[country],
                     f"{rng.randint(1, 180)} {rng.choice(STREETS)}")

    def clean(self, ref: str, fmt: str) -> Spec:
        rng = self.rng
        goods = rng.choice(CLEAN_GOODS) if fmt in ("MT700", "MT710") else ""
        return Spec(
            ref=ref, fmt=fmt, debtor=self.party(rng.random() < 0.7),
            creditor=self.party(rng.random() < 0.8),
            debtor_bic=rng.choice(self.bics), creditor_bic=rng.choice(self.bics),
            intermediary_bic=rng.choice(self.bics) if rng.random() < 0.3 else None,
            remittance=rng.choice(CLEAN_TEXTS).format(n=rng.randint(1000, 99999)),
            amount=f"{rng.randint(100, 900000)}.{rng.randint(0, 99):02d}",
            currency=rng.choice(("EUR", "USD", "GBP", "CHF", "CNY", "AED")), goods=goods,
            port_from=rng.choice(CLEAN_PORTS), port_to=rng.choice(CLEAN_PORTS),
            agent_name=rng.choice(CLEAN_BANK_NAMES) if fmt == "pacs.009" else None,
            mt_names=fmt.startswith("MT"))

    def plant(self, spec: Spec, kind: str) -> Planted | None:
        """Put one hit of ``kind`` into ``spec``; None when the format has no such field."""
        rng = self.rng
        pools = self.pools
        if kind == "bic":
            bic, source = rng.choice(pools.bics)
            spec.creditor_bic = bic
            return Planted(spec.ref, kind, source, "", bic)
        if kind == "institution":
            prefix, source = rng.choice(pools.institutions)
            bic = prefix + rng.choice(("2A", "7X", "9B", "5Q")) + rng.choice(("", "010"))
            if self.tables.bic(bic):
                return None
            spec.creditor_bic = bic
            return Planted(spec.ref, kind, source, "", bic)
        if kind == "identifier":
            if spec.fmt not in ("pacs.008", "pain.001"):
                return None
            value, source, split = rng.choice(pools.idents)
            spec.creditor.ident = value
            return Planted(spec.ref, kind, source, split, value)
        if kind == "imo":
            number, source = rng.choice(pools.imos)
            spec.remittance = f"FREIGHT BL {rng.randint(100, 999)} IMO {number}"
            return Planted(spec.ref, kind, source, "", number)
        if kind == "name":
            name, source, split, _ = rng.choice(pools.listed_names)
            if spec.mt_names and not _latin(name):
                return None
            written = self._variant(name)
            target = spec.creditor if rng.random() < 0.6 else spec.debtor
            target.name = written
            return Planted(spec.ref, kind, source, split, written)
        if kind == "agent_name":
            if spec.fmt != "pacs.009":
                return None
            name, source, split = rng.choice(pools.listed_banks)
            spec.agent_name = name
            return Planted(spec.ref, kind, source, split, name)
        if kind == "text_name":
            name, source, split = rng.choice(pools.listed_orgs)
            spec.remittance = f"PAYMENT TO {name} INV {rng.randint(100, 9999)}"
            return Planted(spec.ref, kind, source, split, name)
        if kind == "goods":
            text = rng.choice(CHPL_GOODS)
            if spec.fmt in ("MT700", "MT710"):
                spec.goods = text
            else:
                spec.remittance = f"PO {rng.randint(100, 9999)} {text}"
            return Planted(spec.ref, kind, "", "", text)
        if kind == "country":
            place, code = rng.choice(RISKY_PLACES)
            if spec.fmt in ("MT700", "MT710") and rng.random() < 0.5:
                spec.port_to = place
            else:
                spec.creditor.country = code[:2]
                spec.creditor.town = place.split(",")[0]
            return Planted(spec.ref, kind, code, "", place)
        raise ValueError(kind)

    def _variant(self, name: str) -> str:
        """As listed, or with the legal form shortened as payment systems often write it."""
        if self.rng.random() < 0.3:
            for long, short in LEGAL_SHORT:
                if long in name:
                    return name.replace(long, short)
        return name


# -- rendering ---------------------------------------------------------------------------------

def _mt_text(value: str) -> str:
    folded = anyascii(value).upper()
    return "".join(c if c in _SWIFT_X else " " for c in folded)


def _mt_party(account: str, party: Party) -> list[str]:
    lines = [f"/{account}", *textwrap.wrap(_mt_text(party.name), 35)[:2]]
    lines.append(_mt_text(party.street)[:35])
    lines.append(_mt_text(f"{party.town}, {party.country.upper()}")[:35])
    return lines


def _mt_amount(spec: Spec) -> str:
    return spec.amount.replace(".", ",")


def _block4(lines: list[str]) -> str:
    return "\n".join(lines)


def render(spec: Spec) -> str:
    if spec.fmt == "MT103":
        return _mt103(spec)
    if spec.fmt == "MT202COV":
        return _mt202cov(spec)
    if spec.fmt in ("MT700", "MT710"):
        return _mt7xx(spec)
    return _iso(spec)


def _header(sender: str, kind: str, receiver: str, cover: bool = False) -> str:
    lt_s = sender[:8] + "A" + (sender[8:] or "XXX")
    lt_r = receiver[:8] + "X" + (receiver[8:] or "XXX")
    block3 = "{3:{119:COV}}" if cover else ""
    return f"{{1:F01{lt_s}0000000000}}{{2:I{kind}{lt_r}N}}{block3}{{4:\n"


def _mt103(spec: Spec) -> str:
    lines = [f":20:{spec.ref}", ":23B:CRED", f":32A:240410{spec.currency}{_mt_amount(spec)}",
             ":50K:" + "\n".join(_mt_party("DE44500105175407324931", spec.debtor)),
             f":52A:{spec.debtor_bic}"]
    if spec.intermediary_bic:
        lines.append(f":56A:{spec.intermediary_bic}")
    lines += [f":57A:{spec.creditor_bic}",
              ":59:" + "\n".join(_mt_party("GB29NWBK60161331926819", spec.creditor)),
              ":70:" + "\n".join(textwrap.wrap(_mt_text(spec.remittance), 35)[:4]),
              ":71A:SHA"]
    return _header(spec.debtor_bic, "103", spec.creditor_bic) + _block4(lines) + "\n-}"


def _mt202cov(spec: Spec) -> str:
    lines = [f":20:{spec.ref}", f":21:{spec.ref}R",
             f":32A:240410{spec.currency}{_mt_amount(spec)}", f":52A:{spec.debtor_bic}",
             f":58A:{spec.creditor_bic}",
             ":50K:" + "\n".join(_mt_party("DE44500105175407324931", spec.debtor)),
             f":57A:{spec.creditor_bic}",
             ":59:" + "\n".join(_mt_party("GB29NWBK60161331926819", spec.creditor)),
             ":70:" + "\n".join(textwrap.wrap(_mt_text(spec.remittance), 35)[:4])]
    return _header(spec.debtor_bic, "202", spec.intermediary_bic or spec.creditor_bic,
                   cover=True) + _block4(lines) + "\n-}"


def _mt7xx(spec: Spec) -> str:
    kind = spec.fmt[2:]
    applicant = _mt_party("X", spec.debtor)[1:]
    beneficiary = _mt_party("X", spec.creditor)[1:]
    lines = [":27:1/1", f":40{'A' if kind == '700' else 'B'}:IRREVOCABLE", f":20:{spec.ref}"]
    if kind == "710":
        lines += [f":21:{spec.ref}I", f":52A:{spec.debtor_bic}"]
    lines += [":31C:240301", ":40E:UCP LATEST VERSION", ":31D:240630HAMBURG",
              ":50:" + "\n".join(applicant), ":59:" + "\n".join(beneficiary),
              f":32B:{spec.currency}{_mt_amount(spec)}", f":41A:{spec.creditor_bic}",
              "BY NEGOTIATION", f":44E:{_mt_text(spec.port_from)}",
              f":44F:{_mt_text(spec.port_to)}", ":44C:240531",
              ":45A:" + "\n".join(textwrap.wrap(_mt_text(spec.goods), 65)),
              ":46A:+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS",
              ":47A:" + "\n".join(textwrap.wrap("+" + _mt_text(spec.remittance), 65))]
    sender = spec.intermediary_bic or spec.debtor_bic
    return _header(sender, kind, spec.creditor_bic) + _block4(lines) + "\n-}"


def _x(value: str) -> str:
    return escape(value)


def _iso_party(tag: str, party: Party) -> str:
    ident = (f"<Id><OrgId><Othr><Id>{_x(party.ident)}</Id></Othr></OrgId></Id>"
             if party.ident else "")
    return (f"<{tag}><Nm>{_x(party.name)}</Nm><PstlAdr><StrtNm>{_x(party.street)}</StrtNm>"
            f"<TwnNm>{_x(party.town)}</TwnNm><Ctry>{party.country.upper()}</Ctry></PstlAdr>"
            f"{ident}</{tag}>")


def _agent(tag: str, bic: str, name: str | None = None) -> str:
    nm = f"<Nm>{_x(name)}</Nm>" if name else ""
    return f"<{tag}><FinInstnId><BICFI>{bic}</BICFI>{nm}</FinInstnId></{tag}>"


def _iso(spec: Spec) -> str:
    amount = f'<IntrBkSttlmAmt Ccy="{spec.currency}">{spec.amount}</IntrBkSttlmAmt>'
    rmt = f"<RmtInf><Ustrd>{_x(spec.remittance)}</Ustrd></RmtInf>"
    inter = _agent("IntrmyAgt1", spec.intermediary_bic) if spec.intermediary_bic else ""
    head = (f"<GrpHdr><MsgId>{spec.ref}</MsgId><CreDtTm>2024-04-10T10:00:00</CreDtTm>"
            "<NbOfTxs>1</NbOfTxs>")
    if spec.fmt == "pain.001":
        ns = "pain.001.001.09"
        body = (f"<CstmrCdtTrfInitn>{head}</GrpHdr><PmtInf><PmtInfId>P1</PmtInfId>"
                f"<PmtMtd>TRF</PmtMtd>{_iso_party('Dbtr', spec.debtor)}"
                f"{_agent('DbtrAgt', spec.debtor_bic)}<CdtTrfTxInf><PmtId><EndToEndId>E1"
                f"</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"{spec.currency}\">{spec.amount}"
                f"</InstdAmt></Amt>{inter}{_agent('CdtrAgt', spec.creditor_bic)}"
                f"{_iso_party('Cdtr', spec.creditor)}{rmt}</CdtTrfTxInf></PmtInf>"
                "</CstmrCdtTrfInitn>")
    elif spec.fmt == "pacs.009":
        ns = "pacs.009.001.08"
        body = (f"<FICdtTrf>{head}<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>"
                f"<CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId>{amount}"
                f"{_agent('Dbtr', spec.debtor_bic)}{inter}"
                f"{_agent('Cdtr', spec.creditor_bic, spec.agent_name)}"
                f"<UndrlygCstmrCdtTrf>{_iso_party('Dbtr', spec.debtor)}"
                f"{_iso_party('Cdtr', spec.creditor)}{rmt}</UndrlygCstmrCdtTrf>"
                "</CdtTrfTxInf></FICdtTrf>")
    else:
        ns = "pacs.008.001.08"
        body = (f"<FIToFICstmrCdtTrf>{head}<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>"
                f"</GrpHdr><CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId>{amount}"
                f"<ChrgBr>SHAR</ChrgBr>{_iso_party('Dbtr', spec.debtor)}"
                f"{_agent('DbtrAgt', spec.debtor_bic)}{inter}"
                f"{_agent('CdtrAgt', spec.creditor_bic)}{_iso_party('Cdtr', spec.creditor)}"
                f"{rmt}</CdtTrfTxInf></FIToFICstmrCdtTrf>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:'
            f'tech:xsd:{ns}">{body}</Document>')


FORMATS = (("pacs.008", 0.35), ("MT103", 0.30), ("pain.001", 0.10), ("pacs.009", 0.05),
           ("MT202COV", 0.05), ("MT700", 0.10), ("MT710", 0.05))


def stream(generator: Generator, count: int, planted_share: float
           ) -> Iterator[tuple[str, str, Planted | None]]:
    """(ref, message text, planted hit or None) for ``count`` messages."""
    rng = generator.rng
    names = [f for f, _ in FORMATS]
    weights = [w for _, w in FORMATS]
    for number in range(count):
        fmt = rng.choices(names, weights)[0]
        ref = f"BM{number:07d}"
        spec = generator.clean(ref, fmt)
        planted = None
        if rng.random() < planted_share:
            for _ in range(5):
                planted = generator.plant(spec, rng.choice(KINDS))
                if planted is not None:
                    break
        yield ref, render(spec), planted
