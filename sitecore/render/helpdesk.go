package render

import (
	"bytes"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
)

// HelpdeskView is the requester's helpdesk page: their tickets and the form for a new one,
// one ticket with its conversation, or the rating form behind an emailed link.
type HelpdeskView struct {
	Lang          sitecore.Lang
	SiteName      string // "" on the platform's own pages
	Title         string
	Languages     []Link
	Error, Notice string
	Tickets       []HelpdeskRow
	Categories    []Link // Lang holds the value
	Ticket        *HelpdeskRow
	Messages      []HelpdeskMessage
	Attachments   []sitecore.TicketAttachment
	CanReply      bool
	CanClose      bool
	CanReopen     bool
	CanRate       bool
	Rate          bool // the rating page of an emailed link
	Token         string
	Done          bool
	Stars         []int
	Reasons       []Link // Lang holds the value
	UI            map[string]string
}

// HelpdeskRow is a ticket in a list or at the top of its page.
type HelpdeskRow struct {
	ID                              int64
	Subject, Category, Status, Code string
}

// HelpdeskMessage is one message of the conversation as the requester sees it.
type HelpdeskMessage struct {
	Author, At, Body string
	Agent            bool
}

// Helpdesk renders the helpdesk page.
func (t *Theme) Helpdesk(v *HelpdeskView) ([]byte, error) {
	if v.UI == nil {
		v.UI = HelpdeskStrings(v.Lang)
	}
	if len(v.Stars) == 0 {
		v.Stars = []int{1, 2, 3, 4, 5}
	}
	var b bytes.Buffer
	err := t.pages.ExecuteTemplate(&b, "helpdesk.html", v)
	return b.Bytes(), err
}

// HelpdeskStrings returns the helpdesk page's interface strings in l (English when l has
// none).
func HelpdeskStrings(l sitecore.Lang) map[string]string { return locale.Helpdesk(l) }
