from django.contrib import admin

from rathaus.territory.models import Postcode, Region


class PostcodeInline(admin.TabularInline[Postcode, Region]):
    model = Postcode
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "level", "kind", "ags", "ars", "population", "parent"]
    list_filter = ["level", "kind", "is_unincorporated"]
    search_fields = ["name", "official_name", "ags", "ars", "postcodes__code"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    inlines = [PostcodeInline]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin[Postcode]):
    list_display = ["code", "place_name", "municipality"]
    search_fields = ["code", "place_name", "municipality__name"]
    list_select_related = ["municipality"]
    raw_id_fields = ["municipality"]
