package sitecore

import (
	"context"
	"time"
)

// Comment statuses.
const (
	CommentPending = "pending" // waits for a moderator (pre-moderated sites)
	CommentVisible = "visible"
	CommentHidden  = "hidden" // hidden by a moderator
)

// Comment is a registered user's comment on a news item.
type Comment struct {
	ID         int64      `json:"id"`
	SiteID     int64      `json:"site_id"`
	NewsKey    string     `json:"news_key"`
	UserID     int64      `json:"user_id"`
	AuthorName string     `json:"author_name"`
	Body       string     `json:"body"` // sanitized HTML
	Status     string     `json:"status"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
}

// UpdatedAt is when the comment last changed.
func (c *Comment) UpdatedAt() time.Time {
	if c.EditedAt != nil {
		return *c.EditedAt
	}
	return c.CreatedAt
}

// CommentStore keeps news comments.
type CommentStore interface {
	// AddComment stores c unless its author already wrote max comments within window
	// (ERateLimited); the check and the insert are one transaction.
	AddComment(ctx context.Context, c *Comment, max int, window time.Duration) error
	// ListComments returns the item's comments with one of the statuses, oldest first.
	ListComments(ctx context.Context, siteID int64, newsKey string, statuses ...string) ([]*Comment, error)
	// CommentQueue returns the site's comments with the status, newest first.
	CommentQueue(ctx context.Context, siteID int64, status string, limit int) ([]*Comment, error)
	// FindComment returns one comment of the site or ENotFound.
	FindComment(ctx context.Context, siteID, id int64) (*Comment, error)
	// UpdateComment stores the body, status and edit time.
	UpdateComment(ctx context.Context, c *Comment) error
	// DeleteComment removes a comment.
	DeleteComment(ctx context.Context, siteID, id int64) error
}
