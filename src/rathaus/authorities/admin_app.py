"""Django's admin app with the staff site (password plus TOTP code) as its default site.

Named in INSTALLED_APPS instead of `django.contrib.admin`, so every `@admin.register` and
`admin.site` use the staff site. Kept apart from `login.py`: this module is imported while
the app registry is still loading.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "rathaus.authorities.login.StaffAdminSite"
