package sitecore

import (
	"context"
	"time"
)

// Forums and communities (issue #15, 3.2.10–3.2.11). A community is platform-wide (SiteID
// 0, made by operators) or belongs to one school. It is public (anyone reads, members
// post) or private (only members see it: to everyone else it does not exist, "not
// found"). Joining is open or needs a moderator's approval. A community holds forums,
// forums hold topics, topics hold posts. Posts are never deleted: moderators hide them.

// Community visibilities, join policies, kinds, member roles and statuses.
const (
	CommunityPublic  = "public"
	CommunityPrivate = "private"

	JoinOpen     = "open"
	JoinApproval = "approval"

	CommunityGroup = "group"
	CommunityMedia = "media" // a school's media group: posts may be promoted to the news

	MemberRole      = "member"
	ModeratorRole   = "moderator"
	MemberActive    = "active"
	MemberPending   = "pending"
	PostVisible     = "visible"
	PostHeld        = "held" // waits for a moderator (trust rules for new members)
	PostHidden      = "hidden"
	ReportOpen      = "open"
	ReportClosed    = "closed"
	ReactionLike    = "like"
	ReactionThanks  = "thanks"
	ReactionAgree   = "agree"
	ForumPostsPage  = 20 // posts per page of a topic
	ForumTopicsPage = 50
)

// Community is a group of people with forums.
type Community struct {
	ID          int64     `json:"id"`
	SiteID      int64     `json:"site_id,omitempty"` // 0: platform-wide
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Visibility  string    `json:"visibility"`
	JoinPolicy  string    `json:"join_policy"`
	Kind        string    `json:"kind"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// CommunityMember is a person's membership of a community.
type CommunityMember struct {
	CommunityID   int64     `json:"community_id"`
	UserID        int64     `json:"user_id"`
	Name          string    `json:"name"`
	Role          string    `json:"role"`
	Status        string    `json:"status"`
	ApprovedPosts int       `json:"approved_posts"`
	JoinedAt      time.Time `json:"joined_at"`
}

// Forum is a section of a community.
type Forum struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

// Topic is a conversation in a forum.
type Topic struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	ForumID     int64     `json:"forum_id"`
	Title       string    `json:"title"`
	AuthorID    int64     `json:"author_id,omitempty"`
	Pinned      bool      `json:"pinned"`
	Locked      bool      `json:"locked"`
	LastSeq     int       `json:"posts"` // posts ever written, the last page's bound
	LastPostAt  time.Time `json:"last_post_at"`
	CreatedAt   time.Time `json:"created_at"`
}

// Pages is how many pages of ForumPostsPage posts the topic has.
func (t *Topic) Pages() int { return max(1, (t.LastSeq+ForumPostsPage-1)/ForumPostsPage) }

// Post is one message of a topic. Body is sanitized HTML.
type Post struct {
	ID          int64          `json:"id"`
	CommunityID int64          `json:"community_id"`
	TopicID     int64          `json:"topic_id"`
	Seq         int            `json:"seq"`
	AuthorID    int64          `json:"author_id,omitempty"`
	AuthorName  string         `json:"author_name"`
	Body        string         `json:"body"`
	Lang        Lang           `json:"lang"`
	Status      string         `json:"status"`
	PromotedKey string         `json:"promoted_key,omitempty"`
	Reactions   map[string]int `json:"reactions"`
	CreatedAt   time.Time      `json:"created_at"`
}

// PostReport is a member's report of a post to the community's moderators.
type PostReport struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	PostID      int64     `json:"post_id"`
	ReporterID  int64     `json:"reporter_id,omitempty"`
	Reason      string    `json:"reason"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
}

// ForumSearchHit is a post found by forum search.
type ForumSearchHit struct {
	PostID      int64     `json:"post_id"`
	CommunityID int64     `json:"community_id"`
	TopicID     int64     `json:"topic_id"`
	TopicTitle  string    `json:"topic_title"`
	Seq         int       `json:"seq"`
	Snippet     string    `json:"snippet"` // escaped text, <mark> around matches
	CreatedAt   time.Time `json:"created_at"`
}

// DigestItem is a post a subscriber has not yet been sent.
type DigestItem struct {
	PostID      int64
	CommunityID int64
	TopicID     int64
	TopicTitle  string
	Seq         int
	AuthorName  string
	Text        string // plain text
	CreatedAt   time.Time
}

// ForumStore keeps communities, forums, topics and posts. Lookups by ID of a community's
// part are scoped by the community; a row of another community is ENotFound.
type ForumStore interface {
	CreateCommunity(ctx context.Context, c *Community) error
	FindCommunity(ctx context.Context, id int64) (*Community, error)
	// Communities lists the platform-wide communities and, with siteID not 0, the site's.
	Communities(ctx context.Context, siteID int64) ([]Community, error)
	// UpsertCommunityMember adds or changes a membership.
	UpsertCommunityMember(ctx context.Context, m *CommunityMember) error
	// FindCommunityMember returns the membership or ENotFound.
	FindCommunityMember(ctx context.Context, communityID, userID int64) (*CommunityMember, error)
	RemoveCommunityMember(ctx context.Context, communityID, userID int64) error
	CommunityMembers(ctx context.Context, communityID int64) ([]CommunityMember, error)

	CreateForum(ctx context.Context, f *Forum) error
	FindForum(ctx context.Context, communityID, id int64) (*Forum, error)
	Forums(ctx context.Context, communityID int64) ([]Forum, error)
	FindTopic(ctx context.Context, communityID, id int64) (*Topic, error)
	// Topics lists a forum's topics, pinned first, then by their last post.
	Topics(ctx context.Context, communityID, forumID int64) ([]Topic, error)
	// CreateTopic stores the topic and its first post in one transaction.
	CreateTopic(ctx context.Context, t *Topic, first *Post) error
	// UpdateTopic stores pinned, locked and forum_id (a move within the community).
	UpdateTopic(ctx context.Context, t *Topic) error
	// AddPost numbers the post in its topic and stores it; a visible post counts towards
	// its author's trust.
	AddPost(ctx context.Context, p *Post) error
	FindPost(ctx context.Context, communityID, id int64) (*Post, error)
	// Posts returns the topic's posts with seq in [from, to] and one of statuses (an
	// index range read however deep the page), with their reaction counts.
	Posts(ctx context.Context, topicID int64, from, to int, statuses []string) ([]Post, error)
	// SetPostStatus changes a post's status; held → visible counts towards trust.
	SetPostStatus(ctx context.Context, communityID, id int64, status string) error
	SetPromoted(ctx context.Context, communityID, id int64, key string) error
	HeldPosts(ctx context.Context, communityID int64) ([]Post, error)

	AddReport(ctx context.Context, r *PostReport) error
	OpenReports(ctx context.Context, communityID int64) ([]PostReport, error)
	// CloseReports closes every open report of the post.
	CloseReports(ctx context.Context, communityID, postID int64) error
	// SetReaction adds (on) or removes a reaction of the user.
	SetReaction(ctx context.Context, postID, userID int64, kind string, on bool) error

	// Subscribe adds a subscription to a topic (forumID 0) or a forum (topicID 0).
	Subscribe(ctx context.Context, userID, communityID, forumID, topicID int64, on bool) error
	// DigestUsers returns the users with a subscription that has new visible posts.
	DigestUsers(ctx context.Context) ([]int64, error)
	// DigestFor returns the user's unsent visible posts (not their own) written before the
	// returned instant, oldest first.
	DigestFor(ctx context.Context, userID int64, limit int) ([]DigestItem, time.Time, error)
	// MarkDigestSent marks the user's subscriptions sent up to at (once the digest is queued).
	MarkDigestSent(ctx context.Context, userID int64, at time.Time) error

	// SearchPosts finds visible posts matching text (kk, ru and en configurations at
	// once) in public communities and in the communities where userID is an active member;
	// with siteID not 0, only the site's and the platform's communities.
	SearchPosts(ctx context.Context, userID, siteID int64, text string, limit int) ([]ForumSearchHit, error)
}
