package locale

// olympiadMessages are the messages of olympiads, their rounds, registrations, appeals and
// diplomas; they join the catalog at start-up.
var olympiadMessages = Catalog{
	"olympiad.attempt_linked": {
		Kazakh:  "Бұл тіркелуге әрекет бұрыннан басталған.",
		Russian: "Попытка по этой регистрации уже начата.",
		English: "An attempt has already been started for this registration.",
	},
	"olympiad.level": {
		Kazakh:  "«{value}» ұйымдастырушы деңгейі жоқ. Таңдаңыз: school, district, region, platform.",
		Russian: "Уровня организатора «{value}» нет. Выберите: school, district, region, platform.",
		English: "There is no organiser level “{value}”. Choose: school, district, region, platform.",
	},
	"olympiad.org_unit": {
		Kazakh:  "Аудан немесе облыс олимпиадасына ұйымдық бірлік керек, мектеп пен платформа олимпиадасына керек емес.",
		Russian: "Для олимпиады района или области нужна единица оргструктуры, для школьной и платформенной — не нужна.",
		English: "A district or region olympiad needs an org unit; a school or platform olympiad takes none.",
	},
	"olympiad.subjects": {
		Kazakh:  "Кемінде бір пән керек (ең көбі {max}), атаулары бос емес және қайталанбайды.",
		Russian: "Нужен хотя бы один предмет (не больше {max}), названия непустые и не повторяются.",
		English: "At least one subject is needed (at most {max}), each named once and not blank.",
	},
	"olympiad.rounds": {
		Kazakh:  "Олимпиадада 1-ден {max} дейін кезең болуы керек.",
		Russian: "В олимпиаде должно быть от 1 до {max} этапов.",
		English: "An olympiad has 1 to {max} rounds.",
	},
	"olympiad.stage": {
		Kazakh:  "«{value}» кезеңі жоқ. Таңдаңыз: school, district, region, republic.",
		Russian: "Этапа «{value}» нет. Выберите: school, district, region, republic.",
		English: "There is no stage “{value}”. Choose: school, district, region, republic.",
	},
	"olympiad.schedule": {
		Kazakh:  "«{field}» уақыты «{after}» уақытынан кейін болуы керек.",
		Russian: "Время «{field}» должно быть позже, чем «{after}».",
		English: "The time “{field}” must come after “{after}”.",
	},
	"olympiad.notify_before": {
		Kazakh:  "Еске салу басталуға дейін 0-ден 14 күнге дейін болуы керек.",
		Russian: "Напоминание — от 0 до 14 дней до начала.",
		English: "The reminder must be 0 to 14 days before the start.",
	},
	"olympiad.tasks": {
		Kazakh:  "Кезеңде 1-ден {max} дейін тапсырма болуы керек.",
		Russian: "В этапе должно быть от 1 до {max} заданий.",
		English: "A round has 1 to {max} tasks.",
	},
	"olympiad.subject_unknown": {
		Kazakh:  "«{value}» пәні олимпиада пәндерінің ішінде жоқ.",
		Russian: "Предмета «{value}» нет среди предметов олимпиады.",
		English: "The subject “{value}” is not one of the olympiad's subjects.",
	},
	"olympiad.task": {
		Kazakh:  "«{field}» тапсырмасы не тест, не қағаз тапсырмалары (әр тапсырманың балы) болуы керек.",
		Russian: "Задание «{field}» — это либо тест, либо задачи на бумаге (баллы каждой задачи).",
		English: "The task “{field}” is either a test or a paper task set (each item's points).",
	},
	"olympiad.task_repeated": {
		Kazakh:  "«{field}»: бұл пән мен сыныпқа тапсырма бұрыннан бар.",
		Russian: "«{field}»: для этого предмета и класса задание уже есть.",
		English: "“{field}”: this subject and grade already have a task.",
	},
	"olympiad.rule": {
		Kazakh:  "«{field}» іріктеу шарты теріс емес сан болуы керек (пайыз 100-ден аспайды).",
		Russian: "Условие отбора «{field}» должно быть неотрицательным числом (процент — не больше 100).",
		English: "The qualification criterion “{field}” must be zero or more (a percentage at most 100).",
	},
	"olympiad.rule_missing": {
		Kazakh:  "Соңғысынан басқа әр кезеңге келесі кезеңге іріктеу ережесі керек.",
		Russian: "Для каждого этапа, кроме последнего, нужно правило отбора в следующий этап.",
		English: "Every round but the last needs a rule for qualifying to the next one.",
	},
	"olympiad.awards": {
		Kazakh:  "«{field}» марапат орындары теріс емес және өсу ретімен болуы керек (I ≤ II ≤ III).",
		Russian: "Места наград «{field}» должны быть неотрицательными и по возрастанию (I ≤ II ≤ III).",
		English: "The award places “{field}” must be zero or more and in order (I ≤ II ≤ III).",
	},
	"olympiad.test_review": {
		Kazakh:  "Олимпиада тесі нәтижені оқушыға көрсетпеуі керек (review: nothing): нәтижелерді кезең жариялайды.",
		Russian: "Тест олимпиады не должен показывать результат ученику (review: nothing): результаты публикует этап.",
		English: "An olympiad test must show students nothing (review: nothing): the round releases the results.",
	},
	"olympiad.test_attempts": {
		Kazakh:  "Олимпиада тесі бір ғана әрекетке рұқсат етуі керек.",
		Russian: "Тест олимпиады должен разрешать ровно одну попытку.",
		English: "An olympiad test must allow exactly one attempt.",
	},
	"olympiad.test_window": {
		Kazakh:  "Тест кезең басталғанда ашық болып, кезең аяқталғанша бітуі керек.",
		Russian: "Тест должен быть открыт в начале этапа и заканчиваться не позже конца этапа.",
		English: "The test must be open when the round starts and end by the round's end.",
	},
	"olympiad.registration_closed": {
		Kazakh:  "Бұл кезеңге тіркелу қазір жабық.",
		Russian: "Регистрация на этот этап сейчас закрыта.",
		English: "Registration for this round is closed now.",
	},
	"olympiad.invited_only": {
		Kazakh:  "Бұл кезеңге алдыңғы кезеңнен өткендер ғана қатысады.",
		Russian: "В этом этапе участвуют только прошедшие предыдущий этап.",
		English: "Only the qualifiers of the previous round take part in this round.",
	},
	"olympiad.school_outside": {
		Kazakh:  "Бұл мектеп олимпиада ұйымдастырушысының аумағына кірмейді.",
		Russian: "Эта школа не входит в территорию организатора олимпиады.",
		English: "This school is outside the olympiad organiser's area.",
	},
	"olympiad.no_task": {
		Kazakh:  "Бұл кезеңде осы пән мен сыныпқа тапсырма жоқ.",
		Russian: "В этом этапе нет задания для этого предмета и класса.",
		English: "This round has no task for this subject and grade.",
	},
	"olympiad.registered": {
		Kazakh:  "Сіз бұл кезеңге тіркелгенсіз.",
		Russian: "Вы уже зарегистрированы на этот этап.",
		English: "You are already registered for this round.",
	},
	"olympiad.results_released": {
		Kazakh:  "Нәтижелер жарияланды: енді балдар тек апелляция арқылы өзгереді.",
		Russian: "Результаты опубликованы: теперь баллы меняются только по апелляции.",
		English: "The results are released: points now change only through appeals.",
	},
	"olympiad.results_hidden": {
		Kazakh:  "Нәтижелер әлі жарияланған жоқ.",
		Russian: "Результаты ещё не опубликованы.",
		English: "The results are not released yet.",
	},
	"olympiad.items": {
		Kazakh:  "Әр тапсырманың балы 0-ден оның ең жоғары балына дейін болуы керек ({max} тапсырма).",
		Russian: "Балл каждой задачи — от 0 до её максимума (задач: {max}).",
		English: "Each item's points must be from 0 to its maximum ({max} items).",
	},
	"olympiad.appeal_question": {
		Kazakh:  "Бұл сұрақ сіздің жұмысыңызда жоқ.",
		Russian: "Этого вопроса нет в вашей работе.",
		English: "This question is not in your work.",
	},
	"olympiad.appeal_repeated": {
		Kazakh:  "Бұл сұрақ бойынша апелляция бұрыннан берілген.",
		Russian: "Апелляция по этому вопросу уже подана.",
		English: "This question has been appealed already.",
	},
	"olympiad.appeal_decided": {
		Kazakh:  "Бұл апелляция бойынша шешім бұрыннан қабылданған.",
		Russian: "По этой апелляции решение уже принято.",
		English: "This appeal has been decided already.",
	},
	"olympiad.starting": {
		Kazakh:  "Олимпиада кезеңі әлі жүктеліп жатыр. Бірнеше секундтан кейін қайталаңыз.",
		Russian: "Тур олимпиады ещё загружается. Повторите через несколько секунд.",
		English: "The olympiad round is still loading. Try again in a few seconds.",
	},
	"olympiad.appeals_closed": {
		Kazakh:  "Апелляция қабылдау уақыты емес.",
		Russian: "Сейчас апелляции не принимаются.",
		English: "Appeals are not open now.",
	},
	"olympiad.not_participant": {
		Kazakh:  "Сіз бұл кезеңнің нәтижесі бар қатысушысы емессіз.",
		Russian: "Вы не участник этого этапа с результатом.",
		English: "You are not a participant of this round with a result.",
	},
	"olympiad.not_jury": {
		Kazakh:  "Апелляцияны тек олимпиада қазылар алқасының мүшесі шешеді.",
		Russian: "Решение по апелляции принимает только член жюри олимпиады.",
		English: "Only a member of the olympiad's jury decides appeals.",
	},
	"olympiad.appeal_text": {
		Kazakh:  "Мәтін бос болмауы және {max} таңбадан аспауы керек.",
		Russian: "Текст не может быть пустым и длиннее {max} символов.",
		English: "The text must not be empty or longer than {max} characters.",
	},
	"olympiad.points": {
		Kazakh:  "Жаңа балл 0-ден сұрақтың ең жоғары балына дейін болуы керек ({max}).",
		Russian: "Новый балл — от 0 до максимума вопроса ({max}).",
		English: "The new points must be from 0 to the question's maximum ({max}).",
	},
	"olympiad.points_negative": {
		Kazakh:  "Балл теріс сан бола алмайды.",
		Russian: "Балл не может быть отрицательным.",
		English: "Points cannot be negative.",
	},
	"not_found.olympiad": {
		Kazakh:  "Олимпиада табылмады.",
		Russian: "Олимпиада не найдена.",
		English: "Olympiad not found.",
	},
	"not_found.round": {
		Kazakh:  "Кезең табылмады.",
		Russian: "Этап не найден.",
		English: "Round not found.",
	},
	"not_found.registration": {
		Kazakh:  "Тіркелу табылмады.",
		Russian: "Регистрация не найдена.",
		English: "Registration not found.",
	},
	"not_found.appeal": {
		Kazakh:  "Апелляция табылмады.",
		Russian: "Апелляция не найдена.",
		English: "Appeal not found.",
	},
	"not_found.diploma": {
		Kazakh:  "Мұндай кодпен диплом табылмады.",
		Russian: "Диплом с таким кодом не найден.",
		English: "No diploma has this code.",
	},
}
