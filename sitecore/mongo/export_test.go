package mongo

import "go.mongodb.org/mongo-driver/v2/mongo"

// StoreOf wraps a client the test built (with a command monitor, say) as a Store.
func StoreOf(client *mongo.Client, dbName string) *Store {
	return &Store{client: client, db: client.Database(dbName)}
}

// CurrentEntry is currentEntry, for tests that stand between the repair's read and its write.
var CurrentEntry = (*Store).currentEntry
