package cms

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Comment limits: how many a user may post in a window, how long the author may edit, and
// how long a comment may be.
const (
	commentsPerWindow = 5
	commentWindow     = 10 * time.Minute
	commentEditWindow = 15 * time.Minute
	maxCommentLen     = 2000
)

// Comments runs comments on news: registered users with a verified email post them, the
// site's moderators (comments section) approve, hide or delete them.
type Comments struct {
	Store    sitecore.CommentStore
	Content  sitecore.ContentStore
	Settings sitecore.SettingsStore
	Audit    Auditor
	OnChange func(siteID int64)
	Now      func() time.Time
}

func (s *Comments) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Visible returns the item's visible comments (public).
func (s *Comments) Visible(ctx context.Context, siteID int64, newsKey string) ([]*sitecore.Comment, error) {
	return s.Store.ListComments(ctx, siteID, newsKey, sitecore.CommentVisible)
}

// Post adds a comment to a published news item. On pre-moderated sites it waits for a
// moderator; on post-moderated ones it shows at once.
func (s *Comments) Post(ctx context.Context, p *sitecore.Principal, siteID int64, newsKey, body string) (*sitecore.Comment, error) {
	if p == nil || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	}
	n, err := s.Content.FindNewsByKey(ctx, siteID, newsKey)
	if err != nil {
		return nil, err
	}
	if !n.Published {
		return nil, sitecore.NotFound("news")
	}
	if !p.Verified {
		return nil, sitecore.Invalid("email", "comment.verify")
	}
	if n.NoComments {
		return nil, sitecore.Invalid("body", "comment.closed")
	}
	text, err := commentBody(body)
	if err != nil {
		return nil, err
	}
	st, err := s.Settings.FindSettings(ctx, siteID)
	if err != nil {
		return nil, err
	}
	c := &sitecore.Comment{SiteID: siteID, NewsKey: newsKey, UserID: p.UserID, AuthorName: p.Name, Body: text, Status: sitecore.CommentVisible}
	if c.AuthorName == "" {
		c.AuthorName = "—"
	}
	if st.Moderation == "pre" {
		c.Status = sitecore.CommentPending
	}
	if err := s.Store.AddComment(ctx, c, commentsPerWindow, commentWindow); err != nil {
		return nil, err
	}
	if c.Status == sitecore.CommentVisible && s.OnChange != nil {
		s.OnChange(siteID)
	}
	return c, nil
}

func commentBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", sitecore.Invalid("body", "field.required")
	case utf8.RuneCountInString(body) > maxCommentLen:
		return "", sitecore.Invalid("body", "field.too_long", "max", strconv.Itoa(maxCommentLen))
	}
	text := CommentText(body)
	if PlainText(text) == "" {
		return "", sitecore.Invalid("body", "field.required")
	}
	return text, nil
}

// Edit changes the author's own comment within the edit window. On a pre-moderated site a
// visible comment goes back to the moderators (pending), since they approved the old text;
// on a post-moderated one it stays visible, as a new comment would be; a hidden one stays
// hidden.
func (s *Comments) Edit(ctx context.Context, p *sitecore.Principal, siteID, id int64, body string) (*sitecore.Comment, error) {
	if p == nil || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	}
	c, err := s.Store.FindComment(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if c.UserID != p.UserID {
		return nil, sitecore.NotFound("comment")
	}
	if s.now().Sub(c.CreatedAt) > commentEditWindow {
		return nil, sitecore.Invalid("body", "comment.edit_window", "minutes", strconv.Itoa(int(commentEditWindow/time.Minute)))
	}
	text, err := commentBody(body)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	c.Body, c.EditedAt = text, &now
	if c.Status == sitecore.CommentVisible {
		// On a pre-moderated site the moderators approved the old text, not this one.
		st, err := s.Settings.FindSettings(ctx, siteID)
		if err != nil {
			return nil, err
		}
		if st.Moderation == "pre" {
			c.Status = sitecore.CommentPending
		}
	}
	if err := s.Store.UpdateComment(ctx, c); err != nil {
		return nil, err
	}
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	return c, nil
}

// Queue lists the site's comments with a status for moderators (comments:view).
func (s *Comments) Queue(ctx context.Context, p *sitecore.Principal, siteID int64, status string) ([]*sitecore.Comment, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, sitecore.Resource{Section: sitecore.SectionComments}); err != nil {
		return nil, err
	}
	if status == "" {
		status = sitecore.CommentPending
	}
	if status != sitecore.CommentPending && status != sitecore.CommentVisible && status != sitecore.CommentHidden {
		return nil, sitecore.Invalid("status", "field.unknown")
	}
	return s.Store.CommentQueue(ctx, siteID, status, 200)
}

// Moderate approves, hides or deletes a comment (comments:edit).
func (s *Comments) Moderate(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, action string) (*sitecore.Comment, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, sitecore.Resource{Section: sitecore.SectionComments}); err != nil {
		return nil, err
	}
	c, err := s.Store.FindComment(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	switch action {
	case "approve":
		c.Status = sitecore.CommentVisible
		err = s.Store.UpdateComment(ctx, c)
	case "hide":
		c.Status = sitecore.CommentHidden
		err = s.Store.UpdateComment(ctx, c)
	case "delete":
		err = s.Store.DeleteComment(ctx, siteID, id)
	default:
		return nil, sitecore.Invalid("action", "comment.action")
	}
	if err != nil {
		return nil, err
	}
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	audit(ctx, s.Audit, a, siteID, "comment."+action, strconv.FormatInt(id, 10))
	return c, nil
}
