from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from articles import converters, feeds, preview, views
from articles.sitemaps import SITEMAPS, NewsSitemap

app_name = "articles"

register_converter(converters.TagSlugConverter, "tag")
register_converter(converters.YearConverter, "year")
register_converter(converters.MonthOrDayConverter, "month")
register_converter(converters.MonthOrDayConverter, "day")
register_converter(converters.SignedTokenConverter, "token")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("tags/<tag:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<tag:slug>/rss/", feeds.TagFeed(), name="tag-rss"),
    path("tags/<tag:slug>/atom/", feeds.TagAtomFeed(), name="tag-atom"),
    path("persons/<slug:slug>/rss/", feeds.PersonFeed(), name="person-rss"),
    path("persons/<slug:slug>/atom/", feeds.PersonAtomFeed(), name="person-atom"),
    path("archive/<year:year>/", views.ArchiveView.as_view(), name="archive-year"),
    path("archive/<year:year>/<month:month>/", views.ArchiveView.as_view(), name="archive-month"),
    path(
        "archive/<year:year>/<month:month>/<day:day>/",
        views.ArchiveView.as_view(),
        name="archive-day",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("preview/<token:token>/", preview.shared_preview, name="shared_preview"),
]
