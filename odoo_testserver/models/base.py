"""Base models: company, partners, users, units, and the ir.* models clients use."""

from __future__ import annotations

from .. import acl
from ..errors import ValidationError
from ..fields import Boolean, Char, Float, Integer, Many2one, One2many, Selection, Text
from ..orm import BaseModel, api


def _company(env):
    return 1


class ResCompany(BaseModel):
    _name = "res.company"
    _description = "Companies"

    name = Char("Company Name", required=True)
    partner_id = Many2one("res.partner", "Partner")
    email = Char()
    phone = Char()
    vat = Char("Tax ID")
    currency_id = Many2one("res.currency", "Currency")
    active = Boolean(default=True)

    def currency_of(self, rid):
        return self.table.get(rid, {}).get("currency_id") or False


class ResPartner(BaseModel):
    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name, id desc"
    _parent_name = "parent_id"

    name = Char("Name")
    complete_name = Char("Complete Name", compute="_compute_complete_name")
    ref = Char("Reference")
    email = Char()
    phone = Char()
    mobile = Char()  # removed in Odoo 19 (dialects)
    street = Char()
    street2 = Char()
    zip = Char()
    city = Char()
    vat = Char("Tax ID")
    website = Char()
    comment = Text("Notes")
    lang = Char("Language", default="en_US")
    tz = Char("Timezone")
    is_company = Boolean("Is a Company")
    type = Selection([("contact", "Contact"), ("invoice", "Invoice Address"),
                      ("delivery", "Delivery Address"), ("other", "Other Address")],
                     "Address Type", default="contact")
    parent_id = Many2one("res.partner", "Related Company")
    child_ids = One2many("res.partner", "parent_id", "Contact")
    commercial_partner_id = Many2one("res.partner", "Commercial Entity", compute="_compute_commercial")
    company_id = Many2one("res.company", "Company")
    active = Boolean(default=True)
    customer_rank = Integer()
    supplier_rank = Integer()

    def _compute_complete_name(self, rid):
        row = self.table[rid]
        name = row.get("name") or ""
        parent = row.get("parent_id")
        if parent and not row.get("is_company") and parent in self.table:
            return f"{self.table[parent].get('name') or ''}, {name}"
        return name

    def _compute_display_name(self, rid):
        return self._compute_complete_name(rid) or False

    def _compute_commercial(self, rid):
        current = rid
        while True:
            row = self.table[current]
            if row.get("is_company") or not row.get("parent_id"):
                return current
            current = row["parent_id"]

    def _constrain(self, ids):
        for rid in ids:
            seen, current = set(), rid
            while current:
                if current in seen:
                    raise ValidationError("You cannot create recursive Partner hierarchies.")
                seen.add(current)
                current = self.table.get(current, {}).get("parent_id")
            row = self.table[rid]
            if row.get("type") == "contact" and not row.get("name"):
                raise ValidationError("Contacts require a name")


class ResUsers(BaseModel):
    _name = "res.users"
    _description = "User"
    _rec_name = "name"

    login = Char(required=True)
    partner_id = Many2one("res.partner", "Related Partner", required=True)
    name = Char(related="partner_id.name")
    email = Char(related="partner_id.email")
    company_id = Many2one("res.company", "Company", default=_company)
    active = Boolean(default=True)
    share = Boolean("Share User")
    lang = Char("Language", default="en_US")
    tz = Char("Timezone", default="Europe/Brussels")

    @api.records
    def has_group(self, ids, group_ext_id):
        uid = ids[0] if ids else self.env.uid
        return acl.is_admin(self.store, uid) or group_ext_id not in acl.ADMIN_ONLY_GROUPS

    @api.model
    def context_get(self):
        row = self.table.get(self.env.uid, {})
        return {"lang": row.get("lang") or "en_US", "tz": row.get("tz") or False, "uid": self.env.uid}


class UomUom(BaseModel):
    _name = "uom.uom"
    _description = "Product Unit of Measure"

    name = Char("Unit Name", required=True)
    rounding = Float("Rounding Precision", default=0.01)
    factor = Float("Ratio", default=1.0)
    active = Boolean(default=True)


class ProductCategory(BaseModel):
    _name = "product.category"
    _description = "Product Category"
    _rec_name = "complete_name"
    _parent_name = "parent_id"

    name = Char(required=True)
    parent_id = Many2one("product.category", "Parent Category")
    complete_name = Char(compute="_compute_complete_name")

    def _compute_complete_name(self, rid):
        parent = self.table[rid].get("parent_id")
        name = self.table[rid].get("name") or ""
        return f"{self._compute_complete_name(parent)} / {name}" if parent else name


class IrModel(BaseModel):
    """Lists the models of the version, so a client can check that a model exists."""

    _name = "ir.model"
    _description = "Models"
    _rec_name = "name"

    model = Char(required=True)
    name = Char("Model Description")
    info = Text("Information")
    transient = Boolean("Transient Model")
    state = Selection([("manual", "Custom Object"), ("base", "Base Object")], default="base")


class IrModelFields(BaseModel):
    """The field list of every model, as installed in this version (name, ttype, ...)."""

    _name = "ir.model.fields"
    _description = "Fields"

    name = Char("Field Name", required=True)
    model = Char("Model Name")
    model_id = Many2one("ir.model", "Model")
    field_description = Char("Field Label")
    ttype = Char("Field Type")
    relation = Char("Related Model")
    required = Boolean()
    readonly = Boolean()
    store = Boolean("Stored")


class IrModelData(BaseModel):
    _name = "ir.model.data"
    _description = "Model Data"
    _rec_name = "complete_name"

    module = Char(required=True)
    name = Char("External Identifier", required=True)
    model = Char("Model Name", required=True)
    res_id = Integer("Record ID")
    noupdate = Boolean("Non Updatable")
    complete_name = Char(compute="_compute_complete_name")

    def _compute_complete_name(self, rid):
        row = self.table[rid]
        return f"{row.get('module')}.{row.get('name')}"

    def _constrain(self, ids):
        # The database's unique index on (module, name); Odoo reports the violation as a
        # ValidationError carrying PostgreSQL's text.
        for rid in ids:
            row = self.table[rid]
            key = (row.get("module"), row.get("name"))
            if any((o.get("module"), o.get("name")) == key for oid, o in self.table.items() if oid != rid):
                raise ValidationError(
                    "The operation cannot be completed: duplicate key value violates unique constraint "
                    '"ir_model_data_module_name_uniq_index"\n'
                    f"DETAIL:  Key (module, name)=({key[0]}, {key[1]}) already exists.\n"
                )

    def _lookup(self, module, xml_id):
        for row in self.table.values():
            if row.get("module") == module and row.get("name") == xml_id:
                return row
        raise ValueError(f"External ID not found in the system: {module}.{xml_id}")

    @api.model
    def check_object_reference(self, module, xml_id, raise_on_access_error=False):
        row = self._lookup(module, xml_id)
        if row["res_id"] not in self.store.tables.get(row["model"], {}):
            raise ValueError(f"External ID not found in the system: {module}.{xml_id}")
        return [row["model"], row["res_id"]]

    def ref_id(self, xmlid):
        module, _, name = xmlid.partition(".")
        return self._lookup(module, name)["res_id"]


class IrConfigParameter(BaseModel):
    """System parameters: only administrators may touch them (see service.ACL)."""

    _name = "ir.config_parameter"
    _description = "System Parameter"
    _rec_name = "key"
    _order = "key"

    key = Char(required=True)
    value = Text(required=True)

    @api.model
    def get_param(self, key, default=False):
        for row in self.table.values():
            if row.get("key") == key:
                return row.get("value")
        return default

    @api.model
    def set_param(self, key, value):
        for rid, row in self.table.items():
            if row.get("key") == key:
                old = row.get("value")
                if value in (False, None):
                    self._unlink([rid])
                else:
                    self._write([rid], {"value": str(value)})
                return old
        if value not in (False, None):
            self._create_one({"key": key, "value": str(value)})
        return False


MODELS = [ResCompany, ResPartner, ResUsers, UomUom, ProductCategory, IrModel, IrModelFields,
          IrModelData, IrConfigParameter]
