package postgres_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore/quiz"
)

// BenchmarkQuizAutosave measures SaveAnswer (the attempt checked and locked FOR SHARE, the
// answer upserted by seq) from parallel clients, each its own attempt, against two peers
// in the same run: a bare round trip (SELECT 1, the ceiling) and a plain upsert of the same
// row without the checks.
//
//	GOTOOLCHAIN=go1.27.3 go test ./sitecore/postgres -run '^$' -bench QuizAutosave -benchtime 3s -cpu 2
func BenchmarkQuizAutosave(b *testing.B) {
	ctx := context.Background()
	f := newQuizFixture(b)
	db := f.db
	// One attempt per parallel client: students are many, each saves its own answers.
	const clients = 64
	attempts := make([]*quiz.Attempt, clients)
	for i := range attempts {
		u := quizUser(b, db, "bench"+strconv.Itoa(i)+"@quiz.kz")
		a, err := f.start(b, u.ID, quizT0)
		if err != nil {
			b.Fatal(err)
		}
		attempts[i] = a
	}
	var next atomic.Int64
	run := func(b *testing.B, save func(a *quiz.Attempt, seq int64) error) {
		b.SetParallelism(clients / 2) // with -cpu 2: 64 goroutines
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			a := attempts[int(next.Add(1)-1)%clients]
			var seq int64
			for pb.Next() {
				seq++
				if err := save(a, seq); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	now := quizT0.Add(time.Minute)
	b.Run("SaveAnswer", func(b *testing.B) {
		run(b, func(a *quiz.Attempt, seq int64) error {
			_, err := db.SaveAnswer(ctx, f.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: a.Slots[seq%3].QuestionID, Seq: seq,
				Response: quiz.Response{Text: "9,81"}}, now)
			return err
		})
	})
	b.Run("PlainUpsert", func(b *testing.B) {
		run(b, func(a *quiz.Attempt, seq int64) error {
			_, err := db.Pool.Exec(ctx, `INSERT INTO quiz_answers (attempt_id, question_id, seq, response, saved_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (attempt_id, question_id) DO UPDATE
				SET seq = EXCLUDED.seq, response = EXCLUDED.response, saved_at = EXCLUDED.saved_at`,
				a.ID, a.Slots[seq%3].QuestionID, seq, quiz.Response{Text: "9,81"}, now)
			return err
		})
	})
	b.Run("Select1", func(b *testing.B) {
		run(b, func(*quiz.Attempt, int64) error {
			_, err := db.Pool.Exec(ctx, `SELECT 1`)
			return err
		})
	})
}
