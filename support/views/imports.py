"""Import a marketplace returns report (returns.services.marketplace_import) and show what each row became."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns import permissions as perm
from returns.errors import ReturnsError
from returns.services.marketplace_import import MAX_BYTES, import_file

from . import staff_required


class ImportForm(forms.Form):
    report = forms.FileField(label=gettext_lazy("Returns report (CSV)"))


@staff_required
def marketplace_import(request):
    if not request.user.has_perm(perm.PERM_REVIEW):
        messages.error(request, _("Only support agents import marketplace returns."))
        return redirect("support:home")
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["report"]
            try:
                if upload.size > MAX_BYTES:
                    raise ReturnsError(_("The file is larger than 5 MB: split it."))
                result = import_file(upload.read(), actor=request.user, request_id=request.request_id)
            except ReturnsError as error:
                form.add_error("report", error.message)
                status = 400
        else:
            status = 400
    return render(request, "support/marketplace_import.html", {"form": form, "result": result, "nav": "queues"},
                  status=status)
