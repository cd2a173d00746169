package locale

// The school's answers to parents' child-link requests: the errors of the decision form, the
// email to the parent, and the panel page where admins and admissions officers answer.

// ChildLinkDecisionMail tells a parent the school's answer ({site}, {child}, {link}; with a
// remark, {remark}).
func ChildLinkDecisionMail(l Lang, approved, withRemark bool) Mail {
	m := childLinkDecisionMail[l.Text()][variant(approved)]
	if withRemark {
		m.Body += "\n\n" + childLinkRemark[l.Text()]
	}
	return m
}

// childLinkDecisionMail per language: [0] rejected, [1] approved (see variant).
var childLinkDecisionMail = map[Lang][2]Mail{
	Kazakh: {
		{Subject: "{site}: баланы байланыстыру сұрауыңыз қабылданбады",
			Body: "{site} мектебі сіздің тіркелгіңізді {child} баласымен байланыстыру сұрауыңызды қабылдамады.\n\nСұрауларыңызды мына жерден көре аласыз:\n{link}"},
		{Subject: "{site}: бала тіркелгіңізге байланыстырылды",
			Body: "{site} мектебі сұрауыңызды растады: {child} енді сіздің тіркелгіңізге байланыстырылды.\n\nБалаларыңыз:\n{link}"},
	},
	Russian: {
		{Subject: "{site}: запрос на привязку ребёнка отклонён",
			Body: "Школа {site} отклонила ваш запрос на привязку ребёнка {child} к вашей учётной записи.\n\nВаши запросы:\n{link}"},
		{Subject: "{site}: ребёнок привязан к вашей учётной записи",
			Body: "Школа {site} подтвердила ваш запрос: {child} теперь привязан(а) к вашей учётной записи.\n\nВаши дети:\n{link}"},
	},
	English: {
		{Subject: "{site}: your request to link a child was declined",
			Body: "{site} declined your request to link {child} to your account.\n\nYour requests:\n{link}"},
		{Subject: "{site}: your child is linked to your account",
			Body: "{site} confirmed your request: {child} is now linked to your account.\n\nYour children:\n{link}"},
	},
}

// childLinkRemark introduces the school's remark in the email.
var childLinkRemark = map[Lang]string{
	Kazakh:  "Мектептің ескертпесі: {remark}",
	Russian: "Комментарий школы: {remark}",
	English: "The school's remark: {remark}",
}

// childLinkMessages are the errors of answering a request.
var childLinkMessages = Catalog{
	"child_link.remark_required": {
		Kazakh:  "Бас тарту себебін жазыңыз: ата-ана оны хатта оқиды.",
		Russian: "Укажите причину отказа: родитель прочитает её в письме.",
		English: "Write why the request is declined: the parent reads it in the email.",
	},
	"child_link.no_student": {
		Kazakh:  "Мектепте бұл ЖСН-мен оқушы жоқ: сұрауды растау мүмкін емес, тек бас тартуға болады.",
		Russian: "В школе нет ученика с этим ИИН: запрос нельзя подтвердить, только отклонить.",
		English: "No student of the school has this IIN: the request cannot be approved, only declined.",
	},
	"child_link.decided": {
		Kazakh:  "Бұл сұрауға шешім қабылданған.",
		Russian: "По этому запросу уже принято решение.",
		English: "This request has already been answered.",
	},
	"not_found.child_link_request": {
		Kazakh:  "Сұрау табылмады.",
		Russian: "Запрос не найден.",
		English: "Request not found.",
	},
}

// panelChildLinks are the strings of the panel page of requests.
var panelChildLinks = Strings{
	Kazakh: {
		"cl.title": "Баланы байланыстыру сұраулары", "cl.pending": "Күтуде", "cl.decided": "Шешілгендер",
		"cl.parent": "Ата-ана", "cl.child": "Бала", "cl.iin": "ЖСН", "cl.sent": "Жіберілген уақыты",
		"cl.match": "Оқушы", "cl.matched": "Мектеп оқушысы табылды", "cl.unmatched": "Бұл ЖСН-мен оқушы жоқ",
		"cl.remark": "Ата-анаға ескертпе (бас тартқанда міндетті)", "cl.approve": "Растау", "cl.reject": "Бас тарту",
		"cl.empty": "Күтудегі сұрау жоқ.", "cl.none_decided": "Шешілген сұрау жоқ.",
		"cl.approved": "расталды", "cl.rejected": "қабылданбады", "cl.link": "Баланы байланыстыру сұраулары", "cl.dash_waiting": "сұрау шешімді күтуде",
		"done.child_link": "Шешім сақталды, ата-анаға хат жіберілді.",
	},
	Russian: {
		"cl.title": "Запросы на привязку детей", "cl.pending": "Ожидают", "cl.decided": "Решённые",
		"cl.parent": "Родитель", "cl.child": "Ребёнок", "cl.iin": "ИИН", "cl.sent": "Отправлен",
		"cl.match": "Ученик", "cl.matched": "Ученик школы найден", "cl.unmatched": "Ученика с этим ИИН нет",
		"cl.remark": "Комментарий родителю (обязателен при отказе)", "cl.approve": "Подтвердить", "cl.reject": "Отклонить",
		"cl.empty": "Ожидающих запросов нет.", "cl.none_decided": "Решённых запросов нет.",
		"cl.approved": "подтверждён", "cl.rejected": "отклонён", "cl.link": "Запросы на привязку детей", "cl.dash_waiting": "запросов ждут решения",
		"done.child_link": "Решение сохранено, родителю отправлено письмо.",
	},
	English: {
		"cl.title": "Requests to link children", "cl.pending": "Waiting", "cl.decided": "Answered",
		"cl.parent": "Parent", "cl.child": "Child", "cl.iin": "IIN", "cl.sent": "Sent",
		"cl.match": "Student", "cl.matched": "A student of the school has this IIN", "cl.unmatched": "No student has this IIN",
		"cl.remark": "Remark to the parent (required to decline)", "cl.approve": "Approve", "cl.reject": "Decline",
		"cl.empty": "No requests are waiting.", "cl.none_decided": "No answered requests.",
		"cl.approved": "approved", "cl.rejected": "declined", "cl.link": "Requests to link children", "cl.dash_waiting": "requests waiting for an answer",
		"done.child_link": "The answer is saved and the parent was emailed.",
	},
}
