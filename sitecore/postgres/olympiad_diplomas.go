package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// nameIn is the SQL of a names/title JSON object's text in the language $lang, else in kk,
// ru or en.
func nameIn(col, lang string) string {
	return `coalesce(nullif(` + col + `->>` + lang + `, ''), nullif(` + col + `->>'kk', ''), nullif(` + col + `->>'ru', ''),
		` + col + `->>'en', '')`
}

// IssueDiplomas stores diplomas in one statement; a registration that has one keeps it
// (and its code), so issuing again after a retry changes nothing.
func (db *DB) IssueDiplomas(ctx context.Context, siteID int64, ds []olympiad.Diploma) error {
	n := len(ds)
	rounds, regs, places := make([]int64, n), make([]int64, n), make([]int32, n)
	awards, codes, scores := make([]string, n), make([]string, n), make([]float64, n)
	for i, d := range ds {
		rounds[i], regs[i], places[i], awards[i], codes[i], scores[i] = d.RoundID, d.RegistrationID, int32(d.Place),
			string(d.Award), d.Code, d.Score
	}
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO olympiad_diplomas (site_id, round_id, registration_id, award, place, score, code)
		SELECT $1, u.r, u.g, u.a, u.p, u.s, u.c
		FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::float8[], $7::text[]) AS u (r, g, a, p, s, c)
		ON CONFLICT (registration_id) DO NOTHING`, siteID, rounds, regs, awards, places, scores, codes)
	return wrap("IssueDiplomas", err)
}

// PublishDiplomas makes the round's diplomas visible to the lookup.
func (db *DB) PublishDiplomas(ctx context.Context, siteID, roundID int64, at time.Time) (int, error) {
	if _, err := db.Pool.Exec(ctx, `UPDATE olympiad_diplomas SET published_at = $3
		WHERE site_id = $1 AND round_id = $2 AND published_at IS NULL`, siteID, roundID, at); err != nil {
		return 0, wrap("PublishDiplomas", err)
	}
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM olympiad_diplomas WHERE site_id = $1 AND round_id = $2
		AND published_at IS NOT NULL`, siteID, roundID).Scan(&n)
	return n, wrap("PublishDiplomas", err)
}

// diplomaView is the query of a diploma as printed; $1 is the language.
var diplomaView = `SELECT d.code, d.award, u.full_name, ` + nameIn("s.names", "$1") + `, ` + nameIn("o.title", "$1") + `,
		r.stage, g.subject, g.grade, d.place, d.score, coalesce(res.max_score, 0), d.issued_at,
		coalesce(` + nameIn("ou.names", "$1") + `, ` + nameIn("os.names", "$1") + `)
	FROM olympiad_diplomas d JOIN olympiad_registrations g ON g.id = d.registration_id
		JOIN users u ON u.id = g.participant_id JOIN sites s ON s.id = g.school_id
		JOIN olympiad_rounds r ON r.id = d.round_id JOIN olympiads o ON o.id = r.olympiad_id
		JOIN sites os ON os.id = o.site_id LEFT JOIN org_units ou ON ou.id = o.org_unit_id
		LEFT JOIN olympiad_results res ON res.registration_id = g.id
	WHERE `

func (db *DB) oneDiploma(ctx context.Context, op string, lang sitecore.Lang, where string, args ...any) (*olympiad.DiplomaView, error) {
	var (
		v            olympiad.DiplomaView
		award, stage string
	)
	err := db.Pool.QueryRow(ctx, diplomaView+where, append([]any{string(lang)}, args...)...).Scan(&v.Code, &award,
		&v.Participant, &v.School, &v.Olympiad, &stage, &v.Subject, &v.Grade, &v.Place, &v.Score, &v.MaxScore,
		&v.Issued, &v.Organiser)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap(op, sitecore.NotFound("diploma"))
	}
	v.Award, v.Stage, v.Lang = olympiad.Award(award), olympiad.Stage(stage), lang
	v.Organiser = strings.TrimSpace(v.Organiser)
	return &v, wrap(op, err)
}

// DiplomaView returns a registration's diploma as printed, published or not (for the
// organiser's preview and the participant's own page).
func (db *DB) DiplomaView(ctx context.Context, siteID, registrationID int64, lang sitecore.Lang) (*olympiad.DiplomaView, error) {
	return db.oneDiploma(ctx, "DiplomaView", lang, `d.site_id = $2 AND d.registration_id = $3`, siteID, registrationID)
}

// VerifyDiploma is the public lookup of a published diploma by its code; it takes no site,
// since the code is the key. A code that is not well-formed is ENotFound too.
func (db *DB) VerifyDiploma(ctx context.Context, code string, lang sitecore.Lang) (*olympiad.DiplomaView, error) {
	c := olympiad.NormalizeCode(code)
	if c == "" {
		return nil, sitecore.NotFound("diploma")
	}
	return db.oneDiploma(ctx, "VerifyDiploma", lang, `d.code = $2 AND d.published_at IS NOT NULL`, c)
}
