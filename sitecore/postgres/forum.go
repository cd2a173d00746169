package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// Forums and communities (issue #15): see sitecore/forum.go and migration 00160.

var _ sitecore.ForumStore = (*DB)(nil)

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, db *DB, op string, scan func(pgx.Row, *T) error, q string, args ...any) ([]T, error) {
	rows, err := db.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, v)
	}
	return out, wrap(op, rows.Err())
}

func one(op, what string, err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return wrap(op, sitecore.NotFound(what))
	}
	return wrap(op, err)
}

// CreateCommunity stores a new community.
func (db *DB) CreateCommunity(ctx context.Context, c *sitecore.Community) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO communities (site_id, name, description, visibility, join_policy, kind, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
		nullID(c.SiteID), c.Name, c.Description, c.Visibility, c.JoinPolicy, c.Kind, nullID(c.CreatedBy)).Scan(&c.ID, &c.CreatedAt)
	return wrap("CreateCommunity", missingRef(err))
}

const communityCols = `id, coalesce(site_id, 0), name, description, visibility, join_policy, kind, coalesce(created_by, 0), created_at`

func scanCommunity(row pgx.Row, c *sitecore.Community) error {
	return row.Scan(&c.ID, &c.SiteID, &c.Name, &c.Description, &c.Visibility, &c.JoinPolicy, &c.Kind, &c.CreatedBy, &c.CreatedAt)
}

// FindCommunity returns a community or ENotFound.
func (db *DB) FindCommunity(ctx context.Context, id int64) (*sitecore.Community, error) {
	var c sitecore.Community
	err := scanCommunity(db.Pool.QueryRow(ctx, `SELECT `+communityCols+` FROM communities WHERE id = $1`, id), &c)
	return &c, one("FindCommunity", "community", err)
}

// Communities lists the platform's communities and the site's, the site's first.
func (db *DB) Communities(ctx context.Context, siteID int64) ([]sitecore.Community, error) {
	return list(ctx, db, "Communities", scanCommunity, `SELECT `+communityCols+` FROM communities
		WHERE site_id IS NULL OR site_id = $1 ORDER BY site_id NULLS LAST, id`, siteID)
}

// UpsertCommunityMember adds or changes a membership (role and status; the trust count stays).
func (db *DB) UpsertCommunityMember(ctx context.Context, m *sitecore.CommunityMember) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO community_members (community_id, user_id, role, status) VALUES ($1, $2, $3, $4)
		ON CONFLICT (community_id, user_id) DO UPDATE SET role = excluded.role, status = excluded.status
		RETURNING approved_posts, joined_at`, m.CommunityID, m.UserID, m.Role, m.Status).Scan(&m.ApprovedPosts, &m.JoinedAt)
	return wrap("UpsertCommunityMember", missingRef(err))
}

const memberCols = `m.community_id, m.user_id, u.full_name, m.role, m.status, m.approved_posts, m.joined_at`

func scanMember(row pgx.Row, m *sitecore.CommunityMember) error {
	return row.Scan(&m.CommunityID, &m.UserID, &m.Name, &m.Role, &m.Status, &m.ApprovedPosts, &m.JoinedAt)
}

// FindCommunityMember returns a membership or ENotFound.
func (db *DB) FindCommunityMember(ctx context.Context, communityID, userID int64) (*sitecore.CommunityMember, error) {
	var m sitecore.CommunityMember
	err := scanMember(db.Pool.QueryRow(ctx, `SELECT `+memberCols+` FROM community_members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND m.user_id = $2`, communityID, userID), &m)
	return &m, one("FindCommunityMember", "member", err)
}

// RemoveCommunityMember ends a membership (the person's posts stay).
func (db *DB) RemoveCommunityMember(ctx context.Context, communityID, userID int64) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM community_members WHERE community_id = $1 AND user_id = $2`, communityID, userID)
	return wrap("RemoveCommunityMember", err)
}

// CommunityMembers lists a community's members, moderators and pending requests first.
func (db *DB) CommunityMembers(ctx context.Context, communityID int64) ([]sitecore.CommunityMember, error) {
	return list(ctx, db, "CommunityMembers", scanMember, `SELECT `+memberCols+` FROM community_members m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 ORDER BY m.status DESC, m.role DESC, u.full_name, m.user_id`, communityID)
}

// CreateForum stores a forum of a community.
func (db *DB) CreateForum(ctx context.Context, f *sitecore.Forum) error {
	err := db.Pool.QueryRow(ctx, `INSERT INTO forums (community_id, name, description) VALUES ($1, $2, $3) RETURNING id, created_at`,
		f.CommunityID, f.Name, f.Description).Scan(&f.ID, &f.CreatedAt)
	return wrap("CreateForum", missingRef(err))
}

func scanForum(row pgx.Row, f *sitecore.Forum) error {
	return row.Scan(&f.ID, &f.CommunityID, &f.Name, &f.Description, &f.CreatedAt)
}

// FindForum returns a forum of the community or ENotFound.
func (db *DB) FindForum(ctx context.Context, communityID, id int64) (*sitecore.Forum, error) {
	var f sitecore.Forum
	err := scanForum(db.Pool.QueryRow(ctx, `SELECT id, community_id, name, description, created_at FROM forums
		WHERE community_id = $1 AND id = $2`, communityID, id), &f)
	return &f, one("FindForum", "forum", err)
}

// Forums lists a community's forums in the order they were made.
func (db *DB) Forums(ctx context.Context, communityID int64) ([]sitecore.Forum, error) {
	return list(ctx, db, "Forums", scanForum, `SELECT id, community_id, name, description, created_at FROM forums
		WHERE community_id = $1 ORDER BY id`, communityID)
}

const topicColumns = `id, community_id, forum_id, title, coalesce(author_id, 0), pinned, locked, last_seq, last_post_at, created_at`

func scanForumTopic(row pgx.Row, t *sitecore.Topic) error {
	return row.Scan(&t.ID, &t.CommunityID, &t.ForumID, &t.Title, &t.AuthorID, &t.Pinned, &t.Locked, &t.LastSeq, &t.LastPostAt, &t.CreatedAt)
}

// FindTopic returns a topic of the community or ENotFound.
func (db *DB) FindTopic(ctx context.Context, communityID, id int64) (*sitecore.Topic, error) {
	var t sitecore.Topic
	err := scanForumTopic(db.Pool.QueryRow(ctx, `SELECT `+topicColumns+` FROM forum_topics WHERE community_id = $1 AND id = $2`,
		communityID, id), &t)
	return &t, one("FindTopic", "topic", err)
}

// Topics lists a forum's topics, pinned first, then the most recently active.
func (db *DB) Topics(ctx context.Context, communityID, forumID int64) ([]sitecore.Topic, error) {
	return list(ctx, db, "Topics", scanForumTopic, `SELECT `+topicColumns+` FROM forum_topics
		WHERE community_id = $1 AND forum_id = $2 ORDER BY pinned DESC, last_post_at DESC LIMIT 200`, communityID, forumID)
}

// CreateTopic stores a topic and its first post.
func (db *DB) CreateTopic(ctx context.Context, t *sitecore.Topic, first *sitecore.Post) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO forum_topics (community_id, forum_id, title, author_id)
			VALUES ($1, $2, $3, $4) RETURNING id, last_seq, last_post_at, created_at`,
			t.CommunityID, t.ForumID, t.Title, nullID(t.AuthorID)).Scan(&t.ID, &t.LastSeq, &t.LastPostAt, &t.CreatedAt); err != nil {
			return err
		}
		first.TopicID, first.CommunityID = t.ID, t.CommunityID
		if err := addPost(ctx, tx, first); err != nil {
			return err
		}
		t.LastSeq = first.Seq
		return nil
	})
	return wrap("CreateTopic", missingRef(err))
}

// UpdateTopic stores the topic's pin, lock and forum.
func (db *DB) UpdateTopic(ctx context.Context, t *sitecore.Topic) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE forum_topics SET pinned = $3, locked = $4, forum_id = $5
		WHERE community_id = $1 AND id = $2`, t.CommunityID, t.ID, t.Pinned, t.Locked, t.ForumID)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("topic")
	}
	return wrap("UpdateTopic", err)
}

// addPost numbers the post (locking its topic's row, so numbers never repeat or skip) and
// stores it.
func addPost(ctx context.Context, tx pgx.Tx, p *sitecore.Post) error {
	if err := tx.QueryRow(ctx, `UPDATE forum_topics SET last_seq = last_seq + 1, last_post_at = now()
		WHERE id = $1 AND community_id = $2 RETURNING last_seq`, p.TopicID, p.CommunityID).Scan(&p.Seq); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("topic")
		}
		return err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO forum_posts (community_id, topic_id, seq, author_id, author_name, body, lang, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`, p.CommunityID, p.TopicID, p.Seq, nullID(p.AuthorID),
		p.AuthorName, p.Body, string(p.Lang), p.Status).Scan(&p.ID, &p.CreatedAt); err != nil {
		return err
	}
	if p.Status == sitecore.PostVisible && p.AuthorID != 0 {
		_, err := tx.Exec(ctx, `UPDATE community_members SET approved_posts = approved_posts + 1
			WHERE community_id = $1 AND user_id = $2`, p.CommunityID, p.AuthorID)
		return err
	}
	return nil
}

// AddPost stores a post at the end of its topic.
func (db *DB) AddPost(ctx context.Context, p *sitecore.Post) error {
	return wrap("AddPost", missingRef(db.inTx(ctx, func(tx pgx.Tx) error { return addPost(ctx, tx, p) })))
}

const postCols = `p.id, p.community_id, p.topic_id, p.seq, coalesce(p.author_id, 0), p.author_name, p.body, p.lang, p.status,
	p.promoted_key, p.created_at`

func scanPost(row pgx.Row, p *sitecore.Post) error {
	return row.Scan(&p.ID, &p.CommunityID, &p.TopicID, &p.Seq, &p.AuthorID, &p.AuthorName, &p.Body, &p.Lang, &p.Status,
		&p.PromotedKey, &p.CreatedAt)
}

// FindPost returns a post of the community or ENotFound.
func (db *DB) FindPost(ctx context.Context, communityID, id int64) (*sitecore.Post, error) {
	var p sitecore.Post
	err := scanPost(db.Pool.QueryRow(ctx, `SELECT `+postCols+` FROM forum_posts p WHERE p.community_id = $1 AND p.id = $2`,
		communityID, id), &p)
	return &p, one("FindPost", "post", err)
}

// Posts returns a page of a topic: one range of the (topic_id, seq) index, then the
// reactions of those posts only.
func (db *DB) Posts(ctx context.Context, topicID int64, from, to int, statuses []string) ([]sitecore.Post, error) {
	ps, err := list(ctx, db, "Posts", scanPost, `SELECT `+postCols+` FROM forum_posts p
		WHERE p.topic_id = $1 AND p.seq BETWEEN $2 AND $3 AND p.status = ANY($4) ORDER BY p.seq`, topicID, from, to, statuses)
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	ids := make([]int64, len(ps))
	at := map[int64]int{}
	for i := range ps {
		ids[i], at[ps[i].ID] = ps[i].ID, i
		ps[i].Reactions = map[string]int{}
	}
	rows, err := db.Pool.Query(ctx, `SELECT post_id, kind, count(*) FROM forum_reactions WHERE post_id = ANY($1) GROUP BY 1, 2`, ids)
	if err != nil {
		return nil, wrap("Posts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind string
		var n int
		if err := rows.Scan(&id, &kind, &n); err != nil {
			return nil, wrap("Posts", err)
		}
		ps[at[id]].Reactions[kind] = n
	}
	return ps, wrap("Posts", rows.Err())
}

// SetPostStatus changes a post's status; a held post made visible counts towards its
// author's trust.
func (db *DB) SetPostStatus(ctx context.Context, communityID, id int64, status string) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var old string
		var author *int64
		if err := tx.QueryRow(ctx, `SELECT status, author_id FROM forum_posts WHERE community_id = $1 AND id = $2 FOR UPDATE`,
			communityID, id).Scan(&old, &author); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return sitecore.NotFound("post")
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE forum_posts SET status = $3 WHERE community_id = $1 AND id = $2`, communityID, id, status); err != nil {
			return err
		}
		if old == sitecore.PostHeld && status == sitecore.PostVisible && author != nil {
			_, err := tx.Exec(ctx, `UPDATE community_members SET approved_posts = approved_posts + 1
				WHERE community_id = $1 AND user_id = $2`, communityID, *author)
			return err
		}
		return nil
	})
	return wrap("SetPostStatus", err)
}

// SetPromoted records the news item a post became.
func (db *DB) SetPromoted(ctx context.Context, communityID, id int64, key string) error {
	_, err := db.Pool.Exec(ctx, `UPDATE forum_posts SET promoted_key = $3 WHERE community_id = $1 AND id = $2`, communityID, id, key)
	return wrap("SetPromoted", err)
}

// HeldPosts lists the community's posts waiting for a moderator, oldest first.
func (db *DB) HeldPosts(ctx context.Context, communityID int64) ([]sitecore.Post, error) {
	return list(ctx, db, "HeldPosts", scanPost, `SELECT `+postCols+` FROM forum_posts p
		WHERE p.community_id = $1 AND p.status = 'held' ORDER BY p.id LIMIT 200`, communityID)
}

// AddReport stores a report of a post.
func (db *DB) AddReport(ctx context.Context, r *sitecore.PostReport) error {
	err := db.Pool.QueryRow(ctx, `INSERT INTO forum_reports (community_id, post_id, reporter_id, reason)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM forum_posts WHERE community_id = $1 AND id = $2)
		RETURNING id, status, created_at`, r.CommunityID, r.PostID, nullID(r.ReporterID), r.Reason).Scan(&r.ID, &r.Status, &r.CreatedAt)
	return one("AddReport", "post", err)
}

// OpenReports lists the community's open reports, oldest first.
func (db *DB) OpenReports(ctx context.Context, communityID int64) ([]sitecore.PostReport, error) {
	return list(ctx, db, "OpenReports", func(row pgx.Row, r *sitecore.PostReport) error {
		return row.Scan(&r.ID, &r.CommunityID, &r.PostID, &r.ReporterID, &r.Reason, &r.Status, &r.CreatedAt)
	}, `SELECT id, community_id, post_id, coalesce(reporter_id, 0), reason, status, created_at FROM forum_reports
		WHERE community_id = $1 AND status = 'open' ORDER BY id LIMIT 200`, communityID)
}

// CloseReports closes the post's open reports.
func (db *DB) CloseReports(ctx context.Context, communityID, postID int64) error {
	_, err := db.Pool.Exec(ctx, `UPDATE forum_reports SET status = 'closed' WHERE community_id = $1 AND post_id = $2 AND status = 'open'`,
		communityID, postID)
	return wrap("CloseReports", err)
}

// SetReaction adds or removes a user's reaction.
func (db *DB) SetReaction(ctx context.Context, postID, userID int64, kind string, on bool) error {
	q := `INSERT INTO forum_reactions (post_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
	if !on {
		q = `DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2 AND kind = $3`
	}
	_, err := db.Pool.Exec(ctx, q, postID, userID, kind)
	return wrap("SetReaction", missingRef(err))
}

// Subscribe adds or removes a subscription.
func (db *DB) Subscribe(ctx context.Context, userID, communityID, forumID, topicID int64, on bool) error {
	q := `INSERT INTO forum_subscriptions (user_id, community_id, forum_id, topic_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`
	if !on {
		q = `DELETE FROM forum_subscriptions WHERE user_id = $1 AND community_id = $2 AND forum_id = $3 AND topic_id = $4`
	}
	_, err := db.Pool.Exec(ctx, q, userID, communityID, forumID, topicID)
	return wrap("Subscribe", missingRef(err))
}

// digestPosts are the unsent visible posts of each subscription of user $1 written by
// others, in communities the user may still read.
const digestPosts = `FROM forum_subscriptions s
	JOIN forum_topics t ON t.community_id = s.community_id AND (t.id = s.topic_id OR t.forum_id = s.forum_id)
	JOIN forum_posts p ON p.topic_id = t.id AND p.status = 'visible' AND p.created_at > s.last_sent_at
	JOIN communities c ON c.id = s.community_id
	WHERE p.author_id IS DISTINCT FROM s.user_id
	  AND (c.visibility = 'public' OR EXISTS (SELECT 1 FROM community_members m
	       WHERE m.community_id = c.id AND m.user_id = s.user_id AND m.status = 'active'))`

// DigestUsers returns the users whose subscriptions have new posts.
func (db *DB) DigestUsers(ctx context.Context) ([]int64, error) {
	return list(ctx, db, "DigestUsers", func(row pgx.Row, id *int64) error { return row.Scan(id) },
		`SELECT DISTINCT s.user_id `+digestPosts+` ORDER BY 1`)
}

// DigestFor returns the user's new posts written before the returned instant.
func (db *DB) DigestFor(ctx context.Context, userID int64, limit int) ([]sitecore.DigestItem, time.Time, error) {
	var at time.Time
	if err := db.Pool.QueryRow(ctx, `SELECT now()`).Scan(&at); err != nil {
		return nil, at, wrap("DigestFor", err)
	}
	items, err := list(ctx, db, "DigestFor", func(row pgx.Row, d *sitecore.DigestItem) error {
		return row.Scan(&d.CommunityID, &d.TopicID, &d.TopicTitle, &d.Seq, &d.AuthorName, &d.Text, &d.PostID, &d.CreatedAt)
	}, `SELECT DISTINCT ON (p.id) t.community_id, t.id, t.title, p.seq, p.author_name, p.body, p.id, p.created_at
		`+digestPosts+` AND s.user_id = $1 AND p.created_at <= $3 ORDER BY p.id LIMIT $2`, userID, limit, at)
	return items, at, err
}

// MarkDigestSent marks the user's subscriptions sent up to at.
func (db *DB) MarkDigestSent(ctx context.Context, userID int64, at time.Time) error {
	_, err := db.Pool.Exec(ctx, `UPDATE forum_subscriptions SET last_sent_at = $2 WHERE user_id = $1 AND last_sent_at < $2`, userID, at)
	return wrap("MarkDigestSent", err)
}

// forumQuery is the query text as tsquery in every configuration the platform's languages
// use, so a post matches whatever language it and the query are in.
const forumQuery = `(websearch_to_tsquery('pg_catalog.simple', $1) || websearch_to_tsquery('pg_catalog.russian', $1)
	|| websearch_to_tsquery('pg_catalog.english', $1))`

// SearchPosts finds visible posts the user may read, newest first.
func (db *DB) SearchPosts(ctx context.Context, userID, siteID int64, text string, limit int) ([]sitecore.ForumSearchHit, error) {
	return list(ctx, db, "SearchPosts", func(row pgx.Row, h *sitecore.ForumSearchHit) error {
		return row.Scan(&h.PostID, &h.CommunityID, &h.TopicID, &h.TopicTitle, &h.Seq, &h.Snippet, &h.CreatedAt)
	}, `SELECT p.id, p.community_id, p.topic_id, t.title, p.seq,
		ts_headline('pg_catalog.russian', regexp_replace(p.body, '<[^>]*>', ' ', 'g'), `+forumQuery+`,
		  'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=25, MinWords=10'), p.created_at
		FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id JOIN communities c ON c.id = p.community_id
		WHERE p.tsv @@ `+forumQuery+` AND p.status = 'visible'
		  AND ($2::bigint = 0 OR c.site_id IS NULL OR c.site_id = $2::bigint)
		  AND (c.visibility = 'public' OR EXISTS (SELECT 1 FROM community_members m
		       WHERE m.community_id = c.id AND m.user_id = $3 AND m.status = 'active'))
		ORDER BY p.created_at DESC LIMIT $4`, text, siteID, userID, limit)
}
