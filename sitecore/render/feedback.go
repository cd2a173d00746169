package render

// FeedbackView is the school's feedback form (Thread nil) or the requester's thread behind
// the emailed link (Thread set). Errors are the fields' messages in the page language,
// shown next to each field; Values are what the visitor typed.
type FeedbackView struct {
	Chrome
	Topics []Link // Href holds the topic's ID
	// Account is who a logged-in visitor writes as ("" for a visitor without an account).
	Account   string
	FormToken string
	Notice    string
	Error     string
	Errors    map[string]string
	Values    map[string]string
	MaxBody   int
	Thread    *FeedbackThread
	Action    string // where the form posts
}

// FeedbackThread is a message with its answers, as the requester sees them.
type FeedbackThread struct {
	Topic, Status, StatusCode string
	File, FileHref            string // the message's attachment, if any
	Entries                   []FeedbackEntry
}

// FeedbackEntry is the message, an answer of the school or a reply of the requester.
type FeedbackEntry struct {
	Who, At, Datetime, Body string
	School                  bool
}

// Feedback renders the feedback form or thread.
func (t *Theme) Feedback(v *FeedbackView) ([]byte, error) {
	return t.Render("feedback.html", &v.Chrome, v)
}
