package forum

import (
	"context"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// PollAccess answers the survey engine for polls owned by a community (survey.PollOwners):
// whoever reads the community sees its polls, and its active members vote in them. The
// owner is a community of the poll's own site (platform-wide communities have no site's
// polls); one that does not exist there is not found.
func (s *Service) PollAccess(ctx context.Context, p *sitecore.Principal, siteID int64, kind, ref string) (see, vote bool, err error) {
	id, perr := strconv.ParseInt(ref, 10, 64)
	if kind != "community" || perr != nil || id <= 0 {
		return false, false, sitecore.NotFound("community")
	}
	c, err := s.Store.FindCommunity(ctx, id)
	if err != nil {
		return false, false, err
	}
	if c.SiteID == 0 || c.SiteID != siteID {
		return false, false, sitecore.NotFound("community")
	}
	a, err := s.Access(ctx, p, siteID, id)
	switch {
	case sitecore.ErrorCode(err) == sitecore.ENotFound:
		return false, false, nil // there, but private to this principal
	case err != nil:
		return false, false, err
	}
	return true, a.Active(), nil
}
