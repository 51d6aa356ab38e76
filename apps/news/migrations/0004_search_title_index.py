"""A GIN index on the title part (weight A) of Article.search_vector.

Search ranks title matches first and looks for them separately (apps.news.selectors,
TITLE_VECTOR_SQL). Restricting a tsquery to weight A (``'x':A``) cannot use the main GIN
index without reading every matching row to check weights; this small expression index
answers it directly. Raw SQL because the model's Meta does not need to know about it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("news", "0003_view_count_schedule")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS news_article_title_gin "
            "ON news_article USING gin (ts_filter(search_vector, '{a}'))",
            "DROP INDEX IF EXISTS news_article_title_gin",
        )
    ]
