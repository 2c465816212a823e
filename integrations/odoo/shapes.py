"""Named parameters -> ``execute_kw(args, kwargs)`` for XML-RPC and JSON-RPC.

The client API is named-only (as JSON-2 requires). The RPC protocols send the leading
parameters of the common methods positionally, exactly as in the recorded exchanges
(tests/data/odoo/recordings): ``search_read`` -> ``[domain]`` + ``{fields, limit, ...}``,
``read`` -> ``[ids]`` + ``{fields}``, ``write`` -> ``[ids, vals]``, ``create`` ->
``[vals]``, ``check_object_reference`` -> ``[module, xml_id]``, buttons -> ``[ids]``.
Every other parameter travels in kwargs, which Odoo passes on by name.
"""

from __future__ import annotations

POSITIONAL = {
    "search_read": ("domain",),
    "search": ("domain",),
    "search_count": ("domain",),
    "write": ("vals",),
    "create": ("vals_list",),
    "check_object_reference": ("module", "xml_id"),
}


def execute_kw_arguments(method, ids, params, context):
    params = dict(params)
    args = [] if ids is None else [ids]
    for name in POSITIONAL.get(method, ()):
        if name not in params:
            break  # a later positional would land in the wrong slot
        args.append(params.pop(name))
    kwargs = params
    if context is not None:
        kwargs["context"] = context
    return args, kwargs
