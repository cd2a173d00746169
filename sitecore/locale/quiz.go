package locale

// quizMessages are the messages of the question bank, tests and attempts; they join the
// catalog at start-up.
var quizMessages = Catalog{
	"quiz.kind": {
		Kazakh:  "«{value}» сұрақ түрі жоқ. Таңдаңыз: single, multiple, truefalse, short, numeric, matching, ordering, essay.",
		Russian: "Типа вопроса «{value}» нет. Выберите: single, multiple, truefalse, short, numeric, matching, ordering, essay.",
		English: "There is no question type “{value}”. Choose: single, multiple, truefalse, short, numeric, matching, ordering, essay.",
	},
	"quiz.points": {
		Kazakh:  "Балл 0-ден үлкен және 1000-нан аспайтын сан болуы керек («{value}» берілді).",
		Russian: "Балл должен быть числом больше 0 и не больше 1000 (указано «{value}»).",
		English: "Points must be a number above 0 and at most 1000 (got “{value}”).",
	},
	"quiz.rule": {
		Kazakh:  "«{value}» бағалау ережесі жоқ. Таңдаңыз: all_or_nothing, proportional, penalty.",
		Russian: "Правила оценивания «{value}» нет. Выберите: all_or_nothing, proportional, penalty.",
		English: "There is no credit rule “{value}”. Choose: all_or_nothing, proportional, penalty.",
	},
	"quiz.options_few": {
		Kazakh:  "Кемінде {min} жауап нұсқасы керек.",
		Russian: "Нужно не меньше {min} вариантов.",
		English: "At least {min} options are needed.",
	},
	"quiz.options_many": {
		Kazakh:  "Тым көп: ең көбі {max}.",
		Russian: "Слишком много: не больше {max}.",
		English: "Too many: at most {max}.",
	},
	"quiz.id": {
		Kazakh:  "«{field}» идентификаторы бос немесе қайталанады.",
		Russian: "Идентификатор «{field}» пуст или повторяется.",
		English: "The identifier “{field}” is empty or repeated.",
	},
	"quiz.credit": {
		Kazakh:  "«{field}» үлесі 0 мен 1 аралығында болуы керек.",
		Russian: "Доля «{field}» должна быть от 0 до 1.",
		English: "The credit “{field}” must be between 0 and 1.",
	},
	"quiz.correct_one": {
		Kazakh:  "Бір дұрыс жауапты сұрақта дәл бір дұрыс нұсқа болуы керек.",
		Russian: "В вопросе с одним ответом должен быть ровно один верный вариант.",
		English: "A single-choice question needs exactly one correct option.",
	},
	"quiz.correct_none": {
		Kazakh:  "Толық дұрыс жауап белгіленбеген.",
		Russian: "Не отмечен ни один полностью верный ответ.",
		English: "No fully correct answer is marked.",
	},
	"quiz.accepted_none": {
		Kazakh:  "Кемінде бір дұрыс жауап жазыңыз.",
		Russian: "Укажите хотя бы один верный ответ.",
		English: "Give at least one correct answer.",
	},
	"quiz.tolerance": {
		Kazakh:  "«{field}» дәлдігі теріс емес сан болуы керек (салыстырмалы дәлдік 1-ден аспайды).",
		Russian: "Допуск «{field}» должен быть неотрицательным числом (относительный — не больше 1).",
		English: "The tolerance “{field}” must be a number of zero or more (a relative one at most 1).",
	},
	"quiz.number": {
		Kazakh:  "«{field}» өрісіндегі «{value}» сан емес.",
		Russian: "«{value}» в поле «{field}» не является числом.",
		English: "“{value}” in the field “{field}” is not a number.",
	},
	"quiz.grade": {
		Kazakh:  "«{value}» сынып жоқ: 1-ден 12-ге дейін немесе 0 (кез келген).",
		Russian: "Класса «{value}» нет: от 1 до 12 или 0 (любой).",
		English: "There is no grade “{value}”: 1 to 12, or 0 for any.",
	},
	"quiz.items_none": {
		Kazakh:  "Тестте кемінде бір сұрақ болуы керек.",
		Russian: "В тесте должен быть хотя бы один вопрос.",
		English: "A test needs at least one question.",
	},
	"quiz.item": {
		Kazakh:  "«{field}»: нақты сұрақты немесе банк, санат және сұрақ санын көрсетіңіз.",
		Russian: "«{field}»: укажите конкретный вопрос либо банк, категорию и число вопросов.",
		English: "“{field}”: give either one question, or a bank, a category and a number of questions.",
	},
	"quiz.time_limit": {
		Kazakh:  "Уақыт шегі толық секундпен, 0-ден {max} минутқа дейін болуы керек.",
		Russian: "Ограничение времени — целое число секунд, от 0 до {max} минут.",
		English: "The time limit must be whole seconds, from 0 to {max} minutes.",
	},
	"quiz.no_deadline": {
		Kazakh:  "Уақыт шегін немесе жабылу уақытын көрсетіңіз: әр әрекеттің соңғы мерзімі болуы керек.",
		Russian: "Укажите ограничение времени или время закрытия: у каждой попытки должен быть срок.",
		English: "Set a time limit or a closing time: every attempt needs a deadline.",
	},
	"quiz.window": {
		Kazakh:  "Тест ашылғаннан кейін жабылуы керек.",
		Russian: "Тест должен закрываться позже, чем открывается.",
		English: "The test must close after it opens.",
	},
	"quiz.attempts": {
		Kazakh:  "Әрекет саны 0-ден (шексіз) 100-ге дейін болуы керек («{value}» берілді).",
		Russian: "Число попыток — от 0 (без ограничений) до 100 (указано «{value}»).",
		English: "Attempts allowed must be 0 (unlimited) to 100 (got “{value}”).",
	},
	"quiz.review": {
		Kazakh:  "«{value}» қарау ережесі жоқ. Таңдаңыз: score, answers_after, nothing.",
		Russian: "Правила просмотра «{value}» нет. Выберите: score, answers_after, nothing.",
		English: "There is no review rule “{value}”. Choose: score, answers_after, nothing.",
	},
	"quiz.grace": {
		Kazakh:  "Қосымша уақыт тек last_save режимінде беріледі: 1-ден {max} секундқа дейін.",
		Russian: "Дополнительное время задаётся только в режиме last_save: от 1 до {max} секунд.",
		English: "Grace seconds go with the last_save mode only: 1 to {max} seconds.",
	},
	"quiz.grace_mode": {
		Kazakh:  "«{value}» режимі жоқ. Таңдаңыз: submit, last_save, never.",
		Russian: "Режима «{value}» нет. Выберите: submit, last_save, never.",
		English: "There is no mode “{value}”. Choose: submit, last_save, never.",
	},
	"quiz.audience": {
		Kazakh:  "«{value}» қатысушылар тобы жоқ. Таңдаңыз: class, school, org_unit, registered.",
		Russian: "Группы участников «{value}» нет. Выберите: class, school, org_unit, registered.",
		English: "There is no audience “{value}”. Choose: class, school, org_unit, registered.",
	},
	"quiz.not_open": {
		Kazakh:  "Тест әлі ашылған жоқ.",
		Russian: "Тест ещё не открыт.",
		English: "The test is not open yet.",
	},
	"quiz.closed": {
		Kazakh:  "Тест жабылды.",
		Russian: "Тест закрыт.",
		English: "The test has closed.",
	},
	"quiz.attempts_used": {
		Kazakh:  "Барлық әрекет пайдаланылды (ең көбі {max}).",
		Russian: "Все попытки использованы (не больше {max}).",
		English: "All attempts are used (at most {max}).",
	},
	"quiz.pool_small": {
		Kazakh:  "«{field}»: санатта {have} сұрақ бар, ал {count} керек.",
		Russian: "«{field}»: в категории {have} вопросов, а нужно {count}.",
		English: "“{field}”: the category has {have} questions, {count} are needed.",
	},
	"quiz.attempt_open": {
		Kazakh:  "Бұл тестте сізде аяқталмаған әрекет бар. Соны жалғастырыңыз.",
		Russian: "У вас уже есть незавершённая попытка этого теста. Продолжите её.",
		English: "You already have an unfinished attempt at this test. Continue that one.",
	},
	"quiz.attempt_closed": {
		Kazakh:  "Әрекет аяқталды: жауаптар енді қабылданбайды.",
		Russian: "Попытка завершена: ответы больше не принимаются.",
		English: "The attempt is over: answers are no longer accepted.",
	},
	"quiz.not_in_attempt": {
		Kazakh:  "Бұл сұрақ осы әрекетте жоқ.",
		Russian: "Этого вопроса нет в данной попытке.",
		English: "This question is not part of the attempt.",
	},
	"quiz.answer_too_long": {
		Kazakh:  "Жауап тым ұзын (ең көбі {max} таңба).",
		Russian: "Ответ слишком длинный (не более {max} символов).",
		English: "The answer is too long (at most {max} characters).",
	},
	"quiz.not_submitted": {
		Kazakh:  "Әрекет «{value}» күйінде: тек тапсырылған әрекетті бағалауға болады.",
		Russian: "Попытка в статусе «{value}»: оценивать можно только сданную попытку.",
		English: "The attempt is “{value}”: only a submitted attempt can be graded.",
	},
	"quiz.response": {
		Kazakh:  "Жауап тым үлкен немесе бүлінген.",
		Russian: "Ответ слишком большой или повреждён.",
		English: "The answer is too large or malformed.",
	},
	"not_found.bank": {
		Kazakh:  "Сұрақтар банкі табылмады.",
		Russian: "Банк вопросов не найден.",
		English: "Question bank not found.",
	},
	"not_found.question": {
		Kazakh:  "Сұрақ табылмады.",
		Russian: "Вопрос не найден.",
		English: "Question not found.",
	},
	"not_found.test": {
		Kazakh:  "Тест табылмады.",
		Russian: "Тест не найден.",
		English: "Test not found.",
	},
	"not_found.attempt": {
		Kazakh:  "Әрекет табылмады.",
		Russian: "Попытка не найдена.",
		English: "Attempt not found.",
	},
}

// quizImportMessages are the messages of bank imports.
var quizImportMessages = Catalog{
	"quiz.import_failed": {
		Kazakh:  "Файлда {count} қате бар, ештеңе импортталған жоқ. Түзетіп, қайта жүктеңіз.",
		Russian: "В файле ошибок: {count}. Ничего не импортировано. Исправьте и загрузите снова.",
		English: "The file has {count} problems; nothing was imported. Fix them and upload it again.",
	},
	"quiz.import_at": {
		Kazakh:  "{row}-жол, {column} бағаны",
		Russian: "Строка {row}, столбец {column}",
		English: "Row {row}, column {column}",
	},
	"quiz.import_at_row": {
		Kazakh:  "{row}-жол",
		Russian: "Строка {row}",
		English: "Row {row}",
	},
	"quiz.import_format": {
		Kazakh:  "Файлды оқу мүмкін емес: бұл {format} файлы емес немесе ол бүлінген ({detail}).",
		Russian: "Не удалось прочитать файл: это не файл {format} или он повреждён ({detail}).",
		English: "The file cannot be read: it is not a {format} file or it is damaged ({detail}).",
	},
	"quiz.import_type": {
		Kazakh:  "«{value}» сұрақ түрін импорттауға болмайды.",
		Russian: "Тип вопроса «{value}» не импортируется.",
		English: "The question type “{value}” cannot be imported.",
	},
	"quiz.import_empty": {
		Kazakh:  "Файлда сұрақ жоқ.",
		Russian: "В файле нет вопросов.",
		English: "The file has no questions.",
	},
	"quiz.import_too_many": {
		Kazakh:  "Файлда тым көп сұрақ бар (ең көбі {max}).",
		Russian: "В файле слишком много вопросов (не больше {max}).",
		English: "The file has too many questions (at most {max}).",
	},
	"quiz.import_letter": {
		Kazakh:  "«{value}» деген жауап нұсқасы жоқ: бос емес нұсқаның әрпін жазыңыз (A, B, C…).",
		Russian: "Варианта «{value}» нет: укажите букву заполненного варианта (A, B, C…).",
		English: "There is no option “{value}”: give the letter of a filled option (A, B, C…).",
	},
	"quiz.import_truth": {
		Kazakh:  "«{value}» — true немесе false жазыңыз.",
		Russian: "«{value}» — укажите true или false.",
		English: "“{value}” — write true or false.",
	},
	"quiz.import_pair": {
		Kazakh:  "Сәйкестендіру жұбын «сол => оң» түрінде жазыңыз.",
		Russian: "Запишите пару для сопоставления в виде «левая часть => правая часть».",
		English: "Write a matching pair as “left => right”.",
	},
	"quiz.import_continuation": {
		Kazakh:  "Түрі жоқ жол алдыңғы сұрақтың аудармасы болуы керек, бірақ оның алдында сұрақ жоқ.",
		Russian: "Строка без типа должна быть переводом предыдущего вопроса, но вопроса перед ней нет.",
		English: "A row without a type continues the question above in another language, but there is none.",
	},
	"quiz.import_mismatch": {
		Kazakh:  "Аударма жолында нұсқалар саны сұрақтағыдан өзгеше.",
		Russian: "В строке перевода другое число вариантов, чем в вопросе.",
		English: "The translation row has a different number of options than the question.",
	},
	"quiz.import_wildcard": {
		Kazakh:  "«{value}» жауабындағы * белгісі (кез келген мәтін) қолдау көрсетілмейді: нақты жауаптарды жазыңыз.",
		Russian: "Знак * (любой текст) в ответе «{value}» не поддерживается: перечислите точные ответы.",
		English: "The wildcard * in the answer “{value}” is not supported: list the exact answers.",
	},
	"quiz.import_header": {
		Kazakh:  "Бірінші жол үлгідегі тақырып болуы керек: {want}.",
		Russian: "Первая строка должна быть заголовком шаблона: {want}.",
		English: "The first row must be the template's header: {want}.",
	},
}
