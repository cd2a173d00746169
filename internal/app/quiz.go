package app

import (
	"bytes"
	"context"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workflows"
)

// openQuiz builds the tests' service for the pages: the store, the attempt workflows'
// client and the media library for pictures of imported questions.
func (a *App) openQuiz() {
	a.Server.Quiz = &quiz.Service{Store: a.DB, Lists: a.DB, Log: a.Log, Images: quizImages{a.Media},
		Process: &workflows.AttemptClient{Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue,
			OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}}
}

// quizImages stores an imported question's picture in the media library as the teacher
// (who therefore needs media:edit as well as tests:edit).
type quizImages struct{ media *media.Service }

func (q quizImages) StoreImage(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, name string, data []byte) (string, string, error) {
	m, err := q.media.Upload(ctx, p, a, siteID, media.Upload{Name: name, Length: int64(len(data)), Body: bytes.NewReader(data)})
	if err != nil {
		return "", "", err
	}
	return m.ID, m.URL, nil
}
