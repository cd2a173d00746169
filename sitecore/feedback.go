package sitecore

import (
	"context"
	"time"
)

// Feedback (issue #15, 3.2.8–3.2.9): visitors write to a school through the form on its
// site; a message goes to the admins named as recipients of its topic, who answer it in a
// thread the requester follows through an emailed link. Messages are never deleted: they
// are hidden and shown again, and both are audited.

// FeedbackTopic is what a message is about, with the admins who receive it.
type FeedbackTopic struct {
	ID         int64     `json:"id"`
	SiteID     int64     `json:"site_id"`
	NameKK     string    `json:"name_kk"`
	NameRU     string    `json:"name_ru"`
	NameEN     string    `json:"name_en"`
	Recipients []int64   `json:"recipients"`
	CreatedAt  time.Time `json:"created_at"`
}

// Name returns the topic's name in lang.
func (t *FeedbackTopic) Name(lang Lang) string {
	switch lang {
	case Russian:
		return t.NameRU
	case English:
		return t.NameEN
	}
	return t.NameKK
}

// Feedback message statuses.
const (
	FeedbackNew      = "new"
	FeedbackAnswered = "answered"
)

// FeedbackMessage is one message of a visitor.
type FeedbackMessage struct {
	ID        int64     `json:"id"`
	SiteID    int64     `json:"site_id"`
	TopicID   int64     `json:"topic_id"`
	UserID    int64     `json:"user_id,omitempty"` // 0: a visitor without an account
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Lang      Lang      `json:"lang"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	Hidden    bool      `json:"hidden"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Attachment is the file sent with the message (nil: none).
	Attachment *FeedbackAttachment `json:"attachment,omitempty"`
}

// FeedbackAttachment is the one file a message may carry; FileID is its key in the file
// store and is never shown.
type FeedbackAttachment struct {
	FileID      string `json:"-"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// FeedbackAnswer is one entry of a message's thread: an admin's answer or the requester's
// reply (AuthorID 0).
type FeedbackAnswer struct {
	ID        int64     `json:"id"`
	MessageID int64     `json:"message_id"`
	AuthorID  int64     `json:"author_id,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// FeedbackStore keeps topics, messages and threads. Every call is scoped by the site; a
// row of another site is ENotFound.
type FeedbackStore interface {
	CreateFeedbackTopic(ctx context.Context, t *FeedbackTopic) error
	FeedbackTopics(ctx context.Context, siteID int64) ([]FeedbackTopic, error)
	FindFeedbackTopic(ctx context.Context, siteID, id int64) (*FeedbackTopic, error)
	CreateFeedbackMessage(ctx context.Context, m *FeedbackMessage) error
	// FeedbackMessages lists the site's messages, the newest first; hidden ones only if asked.
	FeedbackMessages(ctx context.Context, siteID int64, withHidden bool) ([]FeedbackMessage, error)
	FindFeedbackMessage(ctx context.Context, siteID, id int64) (*FeedbackMessage, error)
	// AddFeedbackAnswer appends to the thread; an admin's answer (AuthorID set) marks the
	// message answered.
	AddFeedbackAnswer(ctx context.Context, siteID int64, a *FeedbackAnswer) error
	FeedbackAnswers(ctx context.Context, messageID int64) ([]FeedbackAnswer, error)
	// SetFeedbackHidden hides or shows a message again.
	SetFeedbackHidden(ctx context.Context, siteID, id int64, hidden bool) error
	// UpdateFeedbackTopic changes a topic's names and recipients.
	UpdateFeedbackTopic(ctx context.Context, t *FeedbackTopic) error
	// FilterFeedbackMessages lists the messages of f.SiteID that match f, the newest first.
	FilterFeedbackMessages(ctx context.Context, f FeedbackFilter) ([]FeedbackMessage, error)
	// FeedbackSLADays returns the working days a message of the site may wait before its
	// topic's admins are reminded (DefaultFeedbackSLADays unless set).
	FeedbackSLADays(ctx context.Context, siteID int64) (int, error)
	SetFeedbackSLADays(ctx context.Context, siteID int64, days int) error
}

// DefaultFeedbackSLADays is how many working days a message waits for an answer before the
// topic's admins are reminded, unless the site sets its own.
const DefaultFeedbackSLADays = 2

// FeedbackHiddenStatus is the panel's filter value of hidden messages (not a status a
// message has: a hidden message keeps its status).
const FeedbackHiddenStatus = "hidden"

// FeedbackFilter selects messages for the panel and the Excel: by topic (0: all), status
// (FeedbackNew, FeedbackAnswered, FeedbackHiddenStatus, "": all but hidden) and period
// [From, To) (zero: open).
type FeedbackFilter struct {
	SiteID   int64
	TopicID  int64
	Status   string
	From, To time.Time
	// Limit bounds the rows (0: no bound).
	Limit int
}

// FeedbackDue is when a message that arrived at created must have been answered: days
// working days of the calendar later, a working day being the calendar's working hours
// (the business calendar: 09:00–18:00 on weekdays other than holidays; 24×7: 24 hours).
func FeedbackDue(c Calendar, created time.Time, days int) time.Time {
	day := 24 * time.Hour
	if !c.Always {
		day = c.DayEnd - c.DayStart
	}
	return c.Add(created, time.Duration(days)*day)
}
