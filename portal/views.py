from django.shortcuts import render


def home(request):
    """Landing page of the customer portal: where a customer starts a return."""
    return render(request, "portal/home.html")
