package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// UnknownWord exposes unknownWord to the tests, in a search transaction.
func UnknownWord(ctx context.Context, db *DB, lang sitecore.Lang, text string) (unknown bool, err error) {
	err = db.searchTx(ctx, func(tx pgx.Tx) error {
		unknown, err = unknownWord(ctx, tx, lang, text)
		return err
	})
	return unknown, err
}
