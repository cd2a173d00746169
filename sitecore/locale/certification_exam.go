package locale

// certificationExamMessages are the messages of the certification exam taken in the test
// engine.
var certificationExamMessages = Catalog{
	"cert.no_test": {
		Kazakh:  "Бұл курстың емтиханы әлі дайын емес: тренер тестті таңдамаған.",
		Russian: "Экзамен этого курса ещё не готов: тренер не выбрал тест.",
		English: "This course's exam is not ready yet: the trainer has not chosen its test.",
	},
	"cert.test_changed": {
		Kazakh:  "Курстың емтиханы сіз жазылғаннан кейін өзгерді. Тренерге хабарласыңыз.",
		Russian: "Экзамен курса изменился после вашей записи. Обратитесь к тренеру.",
		English: "The course's exam changed after you enrolled. Please contact the trainer.",
	},
}
