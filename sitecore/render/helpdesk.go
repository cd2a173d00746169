package render

import (
	"bytes"

	"github.com/mektep/mektep/sitecore"
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

var helpdeskUI = map[sitecore.Lang]map[string]string{
	sitecore.Kazakh: {"title": "Қолдау қызметі", "language": "Тіл", "my_tickets": "Менің өтініштерім", "none": "Өтініш әлі жоқ.",
		"new": "Жаңа өтініш", "category": "Санат", "subject": "Тақырып", "description": "Сипаттама", "file": "Файл (PDF, сурет, мәтін; 10 МБ дейін)",
		"send": "Жіберу", "status": "Күйі", "conversation": "Хат алмасу", "attachments": "Файлдар", "reply": "Жауап",
		"reopen": "Қайта ашу", "close": "Жабу", "back": "Барлық өтініштер", "rate": "Маманның жұмысын бағалаңыз",
		"reason": "Төмен баға себебі", "comment": "Пікір", "rated": "Рақмет! Бағаңыз сақталды.", "opened": "Өтініш тіркелді.",
		"rate_title": "Бағалау", "support": "Қолдау қызметі",
		"account": "Тіркелгі және құпиясөз", "content": "Сайт мазмұны", "admissions": "Мектепке қабылдау", "tests": "Тесттер мен олимпиадалар",
		"surveys": "Сауалнамалар және ЭЦҚ", "other": "Басқа",
		"new_status": "Тіркелуде", "open_status": "Қаралуда", "waiting_status": "Жауабыңыз күтілуде", "solved_status": "Шешілді", "closed_status": "Жабық",
		"slow": "Ұзақ күттім", "not_solved": "Мәселе шешілмеді", "unclear": "Жауап түсініксіз", "impolite": "Әдепсіз", "other_reason": "Басқа себеп"},
	sitecore.Russian: {"title": "Служба поддержки", "language": "Язык", "my_tickets": "Мои обращения", "none": "Обращений пока нет.",
		"new": "Новое обращение", "category": "Категория", "subject": "Тема", "description": "Описание", "file": "Файл (PDF, изображение, текст; до 10 МБ)",
		"send": "Отправить", "status": "Статус", "conversation": "Переписка", "attachments": "Файлы", "reply": "Ответ",
		"reopen": "Открыть заново", "close": "Закрыть", "back": "Все обращения", "rate": "Оцените работу специалиста",
		"reason": "Причина низкой оценки", "comment": "Комментарий", "rated": "Спасибо! Оценка сохранена.", "opened": "Обращение зарегистрировано.",
		"rate_title": "Оценка", "support": "Служба поддержки",
		"account": "Учётная запись и пароль", "content": "Содержимое сайта", "admissions": "Приём в школу", "tests": "Тесты и олимпиады",
		"surveys": "Опросы и ЭЦП", "other": "Другое",
		"new_status": "Регистрируется", "open_status": "В работе", "waiting_status": "Ждём вашего ответа", "solved_status": "Решено", "closed_status": "Закрыто",
		"slow": "Долго ждал(а)", "not_solved": "Проблема не решена", "unclear": "Ответ непонятен", "impolite": "Невежливо", "other_reason": "Другая причина"},
	sitecore.English: {"title": "Support", "language": "Language", "my_tickets": "My tickets", "none": "No tickets yet.",
		"new": "New ticket", "category": "Category", "subject": "Subject", "description": "Description", "file": "File (PDF, image, text; up to 10 MB)",
		"send": "Send", "status": "Status", "conversation": "Conversation", "attachments": "Files", "reply": "Reply",
		"reopen": "Reopen", "close": "Close", "back": "All tickets", "rate": "Please rate the agent's work",
		"reason": "Reason for a low rating", "comment": "Comment", "rated": "Thank you! Your rating is saved.", "opened": "Your ticket is registered.",
		"rate_title": "Rating", "support": "Support",
		"account": "Account and password", "content": "Site content", "admissions": "Admissions", "tests": "Tests and olympiads",
		"surveys": "Surveys and EDS", "other": "Other",
		"new_status": "Registering", "open_status": "In progress", "waiting_status": "Waiting for your answer", "solved_status": "Solved", "closed_status": "Closed",
		"slow": "I waited too long", "not_solved": "Not solved", "unclear": "The answer was unclear", "impolite": "Impolite", "other_reason": "Another reason"},
}

// HelpdeskStrings returns the helpdesk page's interface strings in l (English when l has
// none).
func HelpdeskStrings(l sitecore.Lang) map[string]string {
	if m, ok := helpdeskUI[l]; ok {
		return m
	}
	return helpdeskUI[sitecore.English]
}
