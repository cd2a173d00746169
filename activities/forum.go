package activities

import (
	"context"

	"go.temporal.io/sdk/activity"
)

// DigestSender sends the forums' daily digests (forum.Service).
type DigestSender interface {
	SendDigests(ctx context.Context) (int, error)
}

// ForumDigest holds the forums' daily digest (workflows.ForumDigest).
type ForumDigest struct {
	Forums DigestSender
}

// SendForumDigests emails each subscriber the posts since their last digest and returns
// how many digests went to the mail queue. A retry sends nothing twice: each digest's key
// names its day, and a subscription is marked sent as its posts are read.
func (f *ForumDigest) SendForumDigests(ctx context.Context) (int, error) {
	n, err := f.Forums.SendDigests(ctx)
	if err != nil {
		return n, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("forum digests queued", "sent", n)
	return n, nil
}
