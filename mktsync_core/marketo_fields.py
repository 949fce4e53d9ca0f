"""The ``mkto71_*`` custom fields Marketo asks you to create in Salesforce.

Where the facts come from (see ``docs/marketo-domain.md`` §1):

* Labels, Field Names, data types and attributes: Adobe's "Step 1 of 3: Add
  Marketo Fields to Salesforce" pages, Professional and Enterprise/Unlimited
  (``AdobeDocs/marketo.en``, ``…/salesforce-sync/setup/*/step-1-of-3-…md``).
  Both editions list exactly the same 16 fields: 3 recommended (Score,
  Acquisition Date, Acquisition Program) and 13 optional ones.
* Objects: every field is created on **Lead and Contact**; the docs never ask
  for them on any other object.
* API names: the user types the Field Name, Salesforce appends ``__c``.
* Japanese labels: the Japanese doc pages (``AdobeDocs/marketo.ja-JP``), which
  are machine/translation-memory output. They are display hints only; older
  versions of those pages even translated parts of the API names
  (``mkto71_Acquisition_プログラム``), so API names are never taken from them.
  Acquisition Date is 取得日 on the Step 1 page and 獲得日 on the Step 2 page.
* ``describe()`` expectations (type, length, precision, scale) are Salesforce
  platform knowledge, not Marketo docs: a Number(L, D) field describes as
  ``double`` with ``precision = L + D`` and ``scale = D``; Date/Time as
  ``datetime``; Text(N) as ``string`` with ``length = N``.
* The Professional Edition Step 2 page lists the Score field on the page layout
  as "Lead Score" (Step 1 calls it "Score"); :attr:`MarketoField.layout_label_en`
  keeps that wording. Checks must match on :attr:`MarketoField.api_name`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator


class SfObject(StrEnum):
    """Salesforce objects the fields are created on (API names)."""

    LEAD = "Lead"
    CONTACT = "Contact"


class DataType(StrEnum):
    """The data type chosen in Salesforce's New Custom Field wizard."""

    NUMBER = "Number"
    DATETIME = "Date/Time"
    TEXT = "Text"


class DescribeType(StrEnum):
    """The ``type`` Salesforce's ``describe()`` reports for a field of each data type."""

    DOUBLE = "double"
    DATETIME = "datetime"
    STRING = "string"


_DESCRIBE_TYPE: dict[DataType, DescribeType] = {
    DataType.NUMBER: DescribeType.DOUBLE,
    DataType.DATETIME: DescribeType.DATETIME,
    DataType.TEXT: DescribeType.STRING,
}


class Tier(StrEnum):
    """Whether the docs recommend creating the field (best practice) or list it as optional."""

    RECOMMENDED = "recommended"
    OPTIONAL = "optional"


class MarketoField(BaseModel):
    """One field of the Step 1 tables, as the user creates it and as ``describe()`` shows it.

    ``length`` is the wizard's *Length* (characters for Text, digits left of the
    decimal point for Number); ``decimal_places`` is the wizard's *Decimal
    Places* (Number only). Date/Time fields have neither.
    """

    model_config = ConfigDict(frozen=True)

    label_en: str
    label_ja: str
    field_name: str = Field(pattern=r"^mkto71_[A-Za-z_]+$")
    data_type: DataType
    length: int | None = None
    decimal_places: int | None = None
    tier: Tier
    objects: tuple[SfObject, ...] = (SfObject.LEAD, SfObject.CONTACT)
    layout_label_en: str | None = None

    @model_validator(mode="after")
    def _attributes_fit_type(self) -> MarketoField:
        if self.data_type is DataType.NUMBER:
            ok = self.length is not None and self.decimal_places is not None
        elif self.data_type is DataType.TEXT:
            ok = self.length is not None and self.decimal_places is None
        else:
            ok = self.length is None and self.decimal_places is None
        if not ok:
            raise ValueError(f"{self.field_name}: attributes do not fit {self.data_type}")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def api_name(self) -> str:
        """The API name Salesforce creates from the Field Name."""
        return f"{self.field_name}__c"

    @property
    def describe_type(self) -> DescribeType:
        return _DESCRIBE_TYPE[self.data_type]

    @property
    def describe_length(self) -> int | None:
        """Expected ``length`` in ``describe()`` for text fields; ``None`` when not applicable."""
        return self.length if self.data_type is DataType.TEXT else None

    @property
    def precision(self) -> int | None:
        """Expected ``precision`` in ``describe()`` for number fields; ``None`` otherwise."""
        if self.data_type is not DataType.NUMBER:
            return None
        assert self.length is not None and self.decimal_places is not None
        return self.length + self.decimal_places

    @property
    def scale(self) -> int | None:
        """Expected ``scale`` in ``describe()`` for number fields; ``None`` otherwise."""
        return self.decimal_places if self.data_type is DataType.NUMBER else None

    @property
    def page_layout_label(self) -> str:
        """The English label the PE Step 2 page uses in its page-layout list."""
        return self.layout_label_en or self.label_en


def _text(label_en: str, label_ja: str, name: str) -> MarketoField:
    return MarketoField(
        label_en=label_en,
        label_ja=label_ja,
        field_name=f"mkto71_{name}",
        data_type=DataType.TEXT,
        length=255,
        tier=Tier.OPTIONAL,
    )


#: Every field of §1a and §1b, in the order of the docs' tables.
MARKETO_FIELDS: tuple[MarketoField, ...] = (
    MarketoField(
        label_en="Score",
        label_ja="スコア",
        field_name="mkto71_Lead_Score",
        data_type=DataType.NUMBER,
        length=10,
        decimal_places=0,
        tier=Tier.RECOMMENDED,
        layout_label_en="Lead Score",
    ),
    MarketoField(
        label_en="Acquisition Date",
        label_ja="取得日",
        field_name="mkto71_Acquisition_Date",
        data_type=DataType.DATETIME,
        tier=Tier.RECOMMENDED,
    ),
    MarketoField(
        label_en="Acquisition Program",
        label_ja="新規顧客獲得プログラム",
        field_name="mkto71_Acquisition_Program",
        data_type=DataType.TEXT,
        length=255,
        tier=Tier.RECOMMENDED,
    ),
    MarketoField(
        label_en="Acquisition Program Id",
        label_ja="新規顧客獲得プログラム ID",
        field_name="mkto71_Acquisition_Program_Id",
        data_type=DataType.NUMBER,
        length=18,
        decimal_places=0,
        tier=Tier.OPTIONAL,
    ),
    _text("Original Referrer", "訪問者の参照元", "Original_Referrer"),
    _text("Original Search Engine", "参照元検索エンジン", "Original_Search_Engine"),
    _text("Original Search Phrase", "参照元検索フレーズ", "Original_Search_Phrase"),
    _text("Original Source Info", "参照元のソース情報", "Original_Source_Info"),
    _text("Original Source Type", "参照元のソースのタイプ", "Original_Source_Type"),
    _text("Inferred City", "推測される市区町村", "Inferred_City"),
    _text("Inferred Company", "推測される企業", "Inferred_Company"),
    _text("Inferred Country", "推測される国", "Inferred_Country"),
    _text("Inferred Metropolitan Area", "推測される都市圏", "Inferred_Metropolitan_Area"),
    _text("Inferred Phone Area Code", "推測される市外局番", "Inferred_Phone_Area_Code"),
    _text("Inferred Postal Code", "推測される郵便番号", "Inferred_Postal_Code"),
    _text("Inferred State Region", "推測される都道府県／地域", "Inferred_State_Region"),
)

RECOMMENDED_FIELDS: tuple[MarketoField, ...] = tuple(
    f for f in MARKETO_FIELDS if f.tier is Tier.RECOMMENDED
)
OPTIONAL_FIELDS: tuple[MarketoField, ...] = tuple(
    f for f in MARKETO_FIELDS if f.tier is Tier.OPTIONAL
)

#: The PE Step 2 page-layout list also holds this standard field (Lead and Contact).
EMAIL_OPT_OUT_API_NAME = "HasOptedOutOfEmail"
#: The PE Step 2 note: this field must be on the Event page layout.
ALL_DAY_EVENT_API_NAME = "IsAllDayEvent"


def by_api_name(api_name: str) -> MarketoField | None:
    """The field spec with this API name (case-insensitive, as Salesforce treats names)."""
    wanted = api_name.lower()
    return next((f for f in MARKETO_FIELDS if f.api_name.lower() == wanted), None)
