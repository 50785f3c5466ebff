from django.contrib import admin

from rathaus.authorities.models import Authority


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin[Authority]):
    list_display = ["name", "kind", "region", "email", "phone"]
    list_filter = ["kind", "region__level"]
    search_fields = ["name", "short_name", "region__name", "region__ags", "email"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    prepopulated_fields = {"slug": ["name"]}
