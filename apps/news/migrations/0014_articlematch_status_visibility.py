"""ArticleMatch carries the article's status and visibility (see the model): the trigger
function copies them, the update trigger fires on them too, and the existing rows are
filled from their articles."""

from django.db import migrations, models

SYNC_SQL = """
CREATE OR REPLACE FUNCTION news_article_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM news_articlematch WHERE article_id = OLD.id;
        RETURN NULL;
    END IF;
    INSERT INTO news_articlematch (article_id, publish_at, status, visibility, vector)
    VALUES (NEW.id, NEW.publish_at, NEW.status, NEW.visibility, strip(NEW.search_vector))
    ON CONFLICT (article_id) DO UPDATE
        SET publish_at = EXCLUDED.publish_at, status = EXCLUDED.status,
            visibility = EXCLUDED.visibility, vector = EXCLUDED.vector;
    RETURN NULL;
END
$$;

DROP TRIGGER news_article_match_update ON news_article;
CREATE TRIGGER news_article_match_update
    AFTER UPDATE OF search_vector, publish_at, status, visibility ON news_article
    FOR EACH ROW
    WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector
          OR OLD.publish_at IS DISTINCT FROM NEW.publish_at
          OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.visibility IS DISTINCT FROM NEW.visibility)
    EXECUTE FUNCTION news_article_match_sync();

UPDATE news_articlematch m SET status = a.status, visibility = a.visibility
FROM news_article a WHERE a.id = m.article_id;
"""

UNSYNC_SQL = """
CREATE OR REPLACE FUNCTION news_article_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER news_article_match_update ON news_article;
CREATE TRIGGER news_article_match_update AFTER UPDATE OF search_vector, publish_at
    ON news_article FOR EACH ROW
    WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector
          OR OLD.publish_at IS DISTINCT FROM NEW.publish_at)
    EXECUTE FUNCTION news_article_match_sync();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0013_storages_private"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlematch",
            name="status",
            field=models.CharField(default="", max_length=10),
        ),
        migrations.AddField(
            model_name="articlematch",
            name="visibility",
            field=models.CharField(default="", max_length=10),
        ),
        migrations.RunSQL(SYNC_SQL, UNSYNC_SQL),
    ]
