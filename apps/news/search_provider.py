"""The news provider for the site search (/search/, apps.core.search): the filters on its
tab (channel, dates) and its results (highlighted title and snippet).

Registered in NewsConfig.ready(). Matching and ranking: apps.news.search (tokens, query)
and apps.news.selectors.article_search (the bounded ranked query).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.search import SearchPage, SearchResult, excerpt_around, highlight

from .models import Article
from .search import MAX_QUERY_GROUPS, ParsedQuery, html_to_text, parse_query
from .selectors import article_search, channel_list_active
from .templatetags.news_tags import display_name as channel_display_name


class NewsFilterForm(forms.Form):
    """Filters on the news tab: channel (with its sub-channels) and publication dates."""

    channel = forms.ChoiceField(label=_("栏目"), required=False)
    date_from = forms.DateField(
        label=_("发布日期从"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._channels = {str(c.pk): c for c in channel_list_active()}
        self.fields["channel"].choices = [("", _("全部栏目"))] + [
            (key, "\u3000" * c.level + channel_display_name(c)) for key, c in self._channels.items()
        ]

    def clean_channel(self) -> Any:
        value = self.cleaned_data.get("channel")
        return self._channels.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned


class NewsSearchProvider:
    key = "news"
    label = _("新闻资讯")
    order = 10

    def filter_form(self, data: Mapping[str, Any] | None) -> forms.Form:
        return NewsFilterForm(data)

    def search(
        self,
        query: str,
        *,
        user: Any,
        filters: Mapping[str, Any],
        limit: int,
        offset: int,
    ) -> SearchPage:
        parsed = parse_query(query)
        notices: list[str] = []
        if parsed.dropped:
            notices.append(
                _("搜索词较多，只按前 %(count)d 个词搜索。") % {"count": MAX_QUERY_GROUPS}
            )
        if not parsed:
            notices.append(_("搜索词都是常用虚词（如“的”“the”），请换用更具体的关键词。"))
            return SearchPage(results=[], total=0, notices=notices)
        page = article_search(
            query=parsed,
            user=user,
            channel=filters.get("channel"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
            limit=limit,
            offset=offset,
        )
        return SearchPage(
            results=[self._result(article, parsed) for article in page.articles],
            total=page.total,
            capped=page.capped,
            notices=notices,
        )

    def _result(self, article: Article, parsed: ParsedQuery) -> SearchResult:
        terms = parsed.highlight_terms()
        body = html_to_text(article.body or "")
        text = body if _contains_any(body, terms) else (article.summary or body)
        excerpt = excerpt_around(text, terms) if _contains_any(text, terms) else ""
        if not excerpt:
            fallback = parsed.fallback_terms()
            excerpt = excerpt_around(text, fallback)
            snippet = highlight(excerpt, fallback)
        else:
            snippet = highlight(excerpt, terms)
        meta = channel_display_name(article.channel)
        if article.visibility == article.Visibility.MEMBERS:
            meta = f"{meta} · {gettext('仅会员')}"
        return SearchResult(
            type_label=str(self.label),
            title=highlight(article.title, terms),
            url=article.get_absolute_url(),
            snippet=snippet,
            date=timezone.localtime(article.publish_at) if article.publish_at else None,
            meta=meta,
        )


def _contains_any(text: str, terms: Sequence[str]) -> bool:
    lowered = text.lower()
    return any(term.lower() in lowered for term in terms)
