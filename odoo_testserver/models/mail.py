"""Attachments and chatter: ir.attachment, mail.message and ``message_post`` (API_FACTS-odoo18-round2.md §6).

- ``ir.attachment.create`` takes base64 ``datas`` with ``res_model``/``res_id``; ``read`` gives
  ``file_size``, the sha1 ``checksum``, ``type`` 'binary', ``public`` False, ``access_token`` False.
- ``message_post`` (on the documents that have a chatter) takes keyword arguments only and
  answers the new mail.message id. A plain ``str`` body is escaped and wrapped in ``<p>``;
  ``body_is_html=True`` keeps it. Defaults: ``message_type`` 'notification', subtype Note.
  ``mail.mt_comment`` is the public "Discussions" subtype, ``mail.mt_note`` the internal note.
- ``attachment_ids`` must already be attached to the same record (or be the caller's own
  unattached ones); the author is the caller's partner, and a caller without an e-mail gets
  "Unable to send message, please configure the sender's email address." (§4).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re

from ..errors import UserError
from ..fields import Boolean, Char, Datetime, Field, Html, Integer, Many2many, Many2one, Selection, Text
from ..orm import BaseModel, api

THREADED = ("stock.picking", "account.move", "sale.order", "res.partner")
SUBTYPES = {"mail.mt_comment": (1, "Discussions", False), "mail.mt_note": (2, "Note", True)}
NO_EMAIL = "Unable to send message, please configure the sender's email address."


class Binary(Field):
    type = "binary"


def _ensure_subtypes(store):
    """mail's own data (always installed in Odoo)."""
    table = store.tables["mail.message.subtype"]
    for rid, name, internal in SUBTYPES.values():
        if rid not in table:
            store.env()["mail.message.subtype"]._create_one({"name": name, "internal": internal}, rid=rid)


def _escape(text):
    # markupsafe.escape, then line breaks as <br>, as Odoo's plaintext body.
    escaped = html.escape(str(text), quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    return escaped.replace("\n", "<br>")


def post_message(env, model, res_id, body, *, body_is_html=True, message_type="notification",
                 subtype_xmlid=None, attachment_ids=()):
    """The message_post of any thread model; also used by Odoo-side hooks (sale's paid hook)."""
    store = env.store
    users = env["res.users"]
    author = users.table.get(env.uid, {}).get("partner_id")
    if not author or not users.value_of(env.uid, "email"):
        raise UserError(NO_EMAIL)
    attachments = env["ir.attachment"]
    for aid in attachment_ids or ():
        env.ensure_exists("ir.attachment", [aid])
        row = attachments.table[aid]
        own_unattached = not row.get("res_model") and row.get("_create_uid") == env.uid
        if (row.get("res_model"), row.get("res_id")) != (model, res_id) and not own_unattached:
            # Sandbox rule (facts §6: "must already be attached to the same record"); not Odoo's text.
            raise UserError(f"Sandbox: attachment {aid} is not attached to {model},{res_id}.")
        if own_unattached:
            store.update("ir.attachment", aid, {"res_model": model, "res_id": res_id})
    _ensure_subtypes(store)
    subtype = SUBTYPES.get(subtype_xmlid or "mail.mt_note")
    if subtype is None:
        raise ValueError(f"External ID not found in the system: {subtype_xmlid}")
    stored_body = body if body_is_html else f"<p>{_escape(body)}</p>"
    return env["mail.message"]._create_one({
        "body": stored_body, "model": model, "res_id": res_id, "message_type": message_type,
        "subtype_id": subtype[0], "author_id": author, "attachment_ids": [(6, 0, list(attachment_ids or ()))],
        "date": env.now()})


class MailThread:
    """Mixed into the THREADED models by ``add_mail_thread``: their chatter."""

    message_ids = Many2many("mail.message", "Messages", compute="_compute_message_ids")
    message_attachment_count = Integer("Attachment Count", compute="_compute_message_attachment_count")

    def _compute_message_ids(self, rid):
        return sorted((mid for mid, row in self.store.tables["mail.message"].items()
                       if row.get("model") == self._name and row.get("res_id") == rid), reverse=True)

    def _compute_message_attachment_count(self, rid):
        return sum(1 for row in self.store.tables["ir.attachment"].values()
                   if row.get("res_model") == self._name and row.get("res_id") == rid)

    @api.records
    def message_post(self, ids, *, body="", subject=None, message_type="notification", subtype_xmlid=None,
                     body_is_html=False, attachment_ids=None, partner_ids=None, **kwargs):
        if len(ids) != 1:
            raise ValueError(f"Expected singleton: {self._name}{tuple(ids)!r}")
        return post_message(self.env, self._name, ids[0], body, body_is_html=body_is_html,
                            message_type=message_type, subtype_xmlid=subtype_xmlid, attachment_ids=attachment_ids)


def add_mail_thread(model_classes):
    for cls in model_classes:
        if cls._name in THREADED:
            for name, value in vars(MailThread).items():
                if not name.startswith("__"):
                    setattr(cls, name, value)


class IrAttachment(BaseModel):
    _name = "ir.attachment"
    _description = "Attachment"
    _order = "id desc"

    name = Char(required=True)
    description = Text()
    res_model = Char("Resource Model")
    res_id = Integer("Resource ID")
    type = Selection([("url", "URL"), ("binary", "File")], default="binary")
    datas = Binary("File Content (base64)")
    mimetype = Char("Mime Type")
    file_size = Integer(compute="_compute_file_size")
    checksum = Char(compute="_compute_checksum")
    public = Boolean("Is public document")
    access_token = Char("Access Token")

    def _raw(self, rid):
        data = self.table[rid].get("datas") or ""
        try:
            return base64.b64decode(data, validate=False) if data else b""
        except (binascii.Error, ValueError):
            return b""

    def _compute_file_size(self, rid):
        return len(self._raw(rid))

    def _compute_checksum(self, rid):
        return hashlib.sha1(self._raw(rid)).hexdigest() if self.table[rid].get("datas") else False

    def _prepare_create(self, vals):
        if vals.get("datas") and not vals.get("mimetype"):
            vals["mimetype"] = "application/octet-stream"
        return vals

    def _post_create(self, rid, vals):
        self.store.update(self._name, rid, {"_create_uid": self.env.uid})


class MailMessageSubtype(BaseModel):
    _name = "mail.message.subtype"
    _description = "Message subtypes"

    name = Char("Message Type", required=True)
    internal = Boolean("Internal Only")


class MailMessage(BaseModel):
    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"

    body = Html("Contents")
    preview = Char(compute="_compute_preview")
    model = Char("Related Document Model")
    res_id = Integer("Related Document ID")
    record_name = Char("Message Record Name")
    message_type = Selection([("email", "Incoming Email"), ("comment", "Comment"),
                              ("email_outgoing", "Outgoing Email"), ("notification", "System notification"),
                              ("auto_comment", "Automated Targeted Notification"),
                              ("user_notification", "User Specific Notification")], "Type", default="comment")
    subtype_id = Many2one("mail.message.subtype", "Subtype")
    author_id = Many2one("res.partner", "Author")
    attachment_ids = Many2many("ir.attachment", "Attachments")
    # Recorded: False for a note posted with subtype_xmlid (is_internal is the message's own flag).
    is_internal = Boolean("Employee Only")
    date = Datetime()

    def _compute_preview(self, rid):
        text = re.sub(r"<[^>]+>", " ", self.table[rid].get("body") or "")
        return " ".join(html.unescape(text).split())


MODELS = [IrAttachment, MailMessageSubtype, MailMessage]
