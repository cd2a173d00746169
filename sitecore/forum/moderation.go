package forum

import (
	"context"
	"html"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// TopicChange is a moderator's change of a topic: pin, lock or move (to another forum of
// the same community); nil fields stay.
type TopicChange struct {
	Pinned  *bool  `json:"pinned,omitempty"`
	Locked  *bool  `json:"locked,omitempty"`
	ForumID *int64 `json:"forum_id,omitempty"`
}

// ChangeTopic pins, locks or moves a topic (moderators only; audited).
func (s *Service) ChangeTopic(ctx context.Context, p *sitecore.Principal, siteID, id, topicID int64, in TopicChange) (*sitecore.Topic, error) {
	a, err := s.moderate(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.FindTopic(ctx, id, topicID)
	if err != nil {
		return nil, err
	}
	var what []string
	if in.Pinned != nil {
		t.Pinned = *in.Pinned
		what = append(what, "pinned="+strconv.FormatBool(t.Pinned))
	}
	if in.Locked != nil {
		t.Locked = *in.Locked
		what = append(what, "locked="+strconv.FormatBool(t.Locked))
	}
	if in.ForumID != nil && *in.ForumID != t.ForumID {
		if _, err := s.Store.FindForum(ctx, id, *in.ForumID); err != nil {
			return nil, sitecore.Invalid("forum_id", "forum.no_forum")
		}
		t.ForumID = *in.ForumID
		what = append(what, "forum="+strconv.FormatInt(t.ForumID, 10))
	}
	if err := s.Store.UpdateTopic(ctx, t); err != nil {
		return nil, err
	}
	return t, s.audit(ctx, p, a.Community, "forum.topic:"+strings.Join(what, ","), "topic:"+strconv.FormatInt(topicID, 10))
}

// Report sends a visible post to the community's moderation queue (any member or, in a
// public community, any logged-in reader).
func (s *Service) Report(ctx context.Context, p *sitecore.Principal, siteID, id, postID int64, reason string) (*sitecore.PostReport, error) {
	if _, err := s.Access(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	post, err := s.Store.FindPost(ctx, id, postID)
	if err != nil || post.Status != sitecore.PostVisible {
		return nil, sitecore.NotFound("post")
	}
	r := &sitecore.PostReport{CommunityID: id, PostID: postID, ReporterID: p.UserID}
	if r.Reason, err = text("reason", cms.PlainText(reason), 1000, true); err != nil {
		return nil, err
	}
	return r, s.Store.AddReport(ctx, r)
}

// Queue is what waits for a community's moderators: requests to join, held posts of new
// members and open reports with the posts they are about.
type Queue struct {
	Requests []sitecore.CommunityMember `json:"requests"`
	Held     []sitecore.Post            `json:"held"`
	Reports  []sitecore.PostReport      `json:"reports"`
	Posts    map[int64]sitecore.Post    `json:"-"`
}

// ModerationQueue returns the community's queue (moderators only).
func (s *Service) ModerationQueue(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Queue, error) {
	if _, err := s.moderate(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	q := &Queue{Posts: map[int64]sitecore.Post{}}
	var err error
	if q.Requests, err = s.pending(ctx, id); err != nil {
		return nil, err
	}
	if q.Held, err = s.Store.HeldPosts(ctx, id); err != nil {
		return nil, err
	}
	if q.Reports, err = s.Store.OpenReports(ctx, id); err != nil {
		return nil, err
	}
	for _, r := range q.Reports {
		if post, err := s.Store.FindPost(ctx, id, r.PostID); err == nil {
			q.Posts[r.PostID] = *post
		}
	}
	return q, nil
}

// Moderate sets a post's status (moderators only; audited): "approve" shows a held post
// (and emails whom it mentions), "hide" hides a post, "show" shows a hidden one again.
// Hiding or showing closes the post's open reports. Posts are never deleted.
func (s *Service) Moderate(ctx context.Context, p *sitecore.Principal, siteID, id, postID int64, action string) (*sitecore.Post, error) {
	a, err := s.moderate(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	post, err := s.Store.FindPost(ctx, id, postID)
	if err != nil {
		return nil, err
	}
	status := ""
	switch action {
	case "approve", "show":
		status = sitecore.PostVisible
	case "hide":
		status = sitecore.PostHidden
	case "dismiss":
		// The reports were unfounded: the post stays as it is.
	default:
		return nil, sitecore.Invalid("action", "forum.action")
	}
	was := post.Status
	if status != "" {
		if err := s.Store.SetPostStatus(ctx, id, postID, status); err != nil {
			return nil, err
		}
		post.Status = status
	}
	if err := s.Store.CloseReports(ctx, id, postID); err != nil {
		return nil, err
	}
	if was == sitecore.PostHeld && status == sitecore.PostVisible {
		if t, err := s.Store.FindTopic(ctx, id, post.TopicID); err == nil {
			s.mentions(ctx, a.Community, t, post)
		}
	}
	return post, s.audit(ctx, p, a.Community, "forum.post."+action, "post:"+strconv.FormatInt(postID, 10))
}

// Promote turns a post of a school's media group into a draft news item of the school
// (its admins, or whoever edits its news), titled after the topic; the editor publishes it
// from the panel. A post is promoted once.
func (s *Service) Promote(ctx context.Context, p *sitecore.Principal, siteID, id, postID int64) (*sitecore.News, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	c := a.Community
	if c.Kind != sitecore.CommunityMedia || s.News == nil {
		return nil, sitecore.Invalid("post_id", "forum.not_media")
	}
	post, err := s.Store.FindPost(ctx, id, postID)
	if err != nil || post.Status != sitecore.PostVisible {
		return nil, sitecore.NotFound("post")
	}
	if post.PromotedKey != "" {
		return nil, sitecore.Invalid("post_id", "forum.promoted")
	}
	t, err := s.Store.FindTopic(ctx, id, post.TopicID)
	if err != nil {
		return nil, err
	}
	lang := post.Lang
	if !lang.Supported() {
		lang = sitecore.Kazakh
	}
	actor := sitecore.Actor{UserID: p.UserID, Name: p.Name}
	if ip, ok := sitecore.ClientIP(ctx); ok {
		actor.IP = ip
	}
	n, err := s.News.Create(ctx, p, actor, c.SiteID, cms.NewsInput{Text: map[string]cms.NewsText{string(lang): {
		Title: t.Title, Slug: "forum-" + strconv.FormatInt(post.ID, 10), Summary: summary(post.Body, 300),
		Body: post.Body + "<p><i>" + html.EscapeString(post.AuthorName) + "</i></p>"}}})
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetPromoted(ctx, id, postID, n.Key); err != nil {
		return nil, err
	}
	return n, s.audit(ctx, p, c, "forum.post.promote", "post:"+strconv.FormatInt(postID, 10))
}

// summary is the plain text of a post, cut to at most n runes.
func summary(body string, n int) string {
	r := []rune(cms.PlainText(body))
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r)
}
