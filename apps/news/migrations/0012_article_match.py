"""ArticleMatch: each article's stripped search vector in a narrow table of its own, kept
by triggers on news_article, for finding the newest matches of a search (see the model).

The vector is stored in the row (STORAGE MAIN) so walking the table in date order reads
no TOAST. The GIN index of news_article.search_vector goes: nothing matches on it any
more (ranking reads the vector by id). The table is filled from the existing articles
before its indexes are built.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


SYNC_SQL = """
ALTER TABLE news_articlematch ALTER COLUMN vector SET STORAGE MAIN;
-- A search reads a few hundred rows in index order; starting parallel workers for it
-- costs more (15 ms measured) than the walk itself.
ALTER TABLE news_articlematch SET (parallel_workers = 0);

CREATE FUNCTION news_article_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM news_articlematch WHERE article_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO news_articlematch (article_id, publish_at, vector)
    VALUES (NEW.id, NEW.publish_at, strip(NEW.search_vector))
    ON CONFLICT (article_id) DO UPDATE
        SET publish_at = EXCLUDED.publish_at, vector = EXCLUDED.vector;
    RETURN NULL;
END
$$;

CREATE TRIGGER news_article_match_insert AFTER INSERT ON news_article
    FOR EACH ROW EXECUTE FUNCTION news_article_match_sync();
CREATE TRIGGER news_article_match_update AFTER UPDATE OF search_vector, publish_at
    ON news_article FOR EACH ROW
    WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector
          OR OLD.publish_at IS DISTINCT FROM NEW.publish_at)
    EXECUTE FUNCTION news_article_match_sync();
CREATE TRIGGER news_article_match_delete AFTER DELETE ON news_article
    FOR EACH ROW EXECUTE FUNCTION news_article_match_sync();

INSERT INTO news_articlematch (article_id, publish_at, vector)
SELECT id, publish_at, strip(search_vector) FROM news_article ORDER BY publish_at;
"""

UNSYNC_SQL = """
DROP TRIGGER news_article_match_insert ON news_article;
DROP TRIGGER news_article_match_update ON news_article;
DROP TRIGGER news_article_match_delete ON news_article;
DROP FUNCTION news_article_match_sync();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0011_search_title'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleMatch',
            fields=[
                ('article', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='match', serialize=False, to='news.article')),
                ('publish_at', models.DateTimeField(null=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                'verbose_name': '文章检索匹配',
                'verbose_name_plural': '文章检索匹配',
                'default_permissions': (),
            },
        ),
        migrations.RunSQL(SYNC_SQL, UNSYNC_SQL),
        migrations.RemoveIndex(
            model_name='article',
            name='news_article_search_gin',
        ),
        migrations.AddIndex(
            model_name='articlematch',
            index=models.Index(fields=['-publish_at'], name='news_articlematch_pub'),
        ),
        migrations.AddIndex(
            model_name='articlematch',
            index=django.contrib.postgres.indexes.GinIndex(fields=['vector'], name='news_articlematch_vector_gin'),
        ),
    ]
