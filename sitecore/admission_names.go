package sitecore

// statusNames name the admission statuses for families and staff alike (pages, emails,
// exports).
var statusNames = map[AdmissionStatus]map[Lang]string{
	AppSubmitted:      {Kazakh: "Берілді", Russian: "Подано", English: "Submitted"},
	AppDocumentsCheck: {Kazakh: "Құжаттар тексерілуде", Russian: "Проверка документов", English: "Documents being checked"},
	AppDocumentsFix:   {Kazakh: "Құжаттарды түзету керек", Russian: "Нужно исправить документы", English: "Documents to be fixed"},
	AppUnderReview:    {Kazakh: "Қаралуда", Russian: "На рассмотрении", English: "Under review"},
	AppAdmitted:       {Kazakh: "Орын ұсынылды", Russian: "Принят(а), место предложено", English: "Admitted (seat offered)"},
	AppWaitlisted:     {Kazakh: "Күту тізімінде", Russian: "В листе ожидания", English: "Waitlisted"},
	AppDeclined:       {Kazakh: "Бас тартылды", Russian: "Отказано", English: "Declined"},
	AppEnrolled:       {Kazakh: "Оқуға қабылданды", Russian: "Зачислен(а)", English: "Enrolled"},
	AppOfferExpired:   {Kazakh: "Ұсыныс мерзімі өтті", Russian: "Срок предложения истёк", English: "Offer expired"},
	AppOfferDeclined:  {Kazakh: "Ұсыныстан бас тартты", Russian: "Место отклонено", English: "Offer declined"},
	AppWithdrawn:      {Kazakh: "Қайтарып алынды", Russian: "Отозвано", English: "Withdrawn"},
}

// StatusName names an admission status in l (English for other languages, the code for an
// unknown status).
func StatusName(s AdmissionStatus, l Lang) string {
	m, ok := statusNames[s]
	if !ok {
		return string(s)
	}
	if n, ok := m[l]; ok {
		return n
	}
	return m[English]
}
