package locale

import "testing"

// TestLearningStringsComplete: every learning string exists in kk, ru and en.
func TestLearningStringsComplete(t *testing.T) {
	for _, l := range []Lang{Kazakh, Russian, English} {
		for k := range learningUI[English] {
			if learningUI[l][k] == "" {
				t.Errorf("%s: %s missing", l, k)
			}
		}
		if len(learningUI[l]) != len(learningUI[English]) {
			t.Errorf("%s has %d strings, en %d", l, len(learningUI[l]), len(learningUI[English]))
		}
	}
}

// TestTrainingStringsComplete: every string of the trainers' desk exists in kk, ru and en.
func TestTrainingStringsComplete(t *testing.T) {
	for _, l := range []Lang{Kazakh, Russian, English} {
		for k := range trainingUI[English] {
			if trainingUI[l][k] == "" {
				t.Errorf("%s: %s missing", l, k)
			}
		}
		if len(trainingUI[l]) != len(trainingUI[English]) {
			t.Errorf("%s has %d strings, en %d", l, len(trainingUI[l]), len(trainingUI[English]))
		}
	}
}
