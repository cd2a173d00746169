package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/sitecore"
)

// FindNewsByKeys returns the site's items with the keys, published or not, in one query;
// keys without an item are left out. Syndication reads a batch of changed items with it
// (activities.Syndication.DeliverBatch).
func (s *Store) FindNewsByKeys(ctx context.Context, siteID int64, keys []string) ([]*sitecore.News, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return s.findNews(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: "key", Value: bson.D{{Key: "$in", Value: keys}}}}, 0, 0)
}
