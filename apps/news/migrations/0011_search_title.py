"""The title part of the search vector as a stored generated column with its own GIN index.

It replaces the expression index of 0004 (``ts_filter(search_vector, '{a}')``): a search
looking for the newest title matches along the date index had to detoast every article's
whole vector to test it; the generated column is small and lives in the row
(bench/README.md, "search_bench.py": 97–146 ms → see there, at 200,000 articles). Adding it
rewrites news_article once.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0010_channel_page_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_title',
            field=models.GeneratedField(db_persist=True, expression=models.Func(models.F('search_vector'), template="ts_filter(%(expressions)s, '{a}')"), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.AddIndex(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_title'], name='news_article_search_title_gin'),
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS news_article_title_gin",
            "CREATE INDEX IF NOT EXISTS news_article_title_gin "
            "ON news_article USING gin (ts_filter(search_vector, '{a}'))",
        ),
    ]
