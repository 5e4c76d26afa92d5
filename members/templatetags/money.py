"""{% load money %}: `{{ amount|yuan }}` → ¥12,345.60, the one way every app's pages show money
(members.money.yuan; members is the base every app may use)."""

from django import template

from members.money import yuan

register = template.Library()
register.filter("yuan", yuan)
