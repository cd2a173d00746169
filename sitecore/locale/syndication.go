package locale

// syndicationMessages are the messages of news syndication (destinations, outbound rules,
// deliveries, feed subscriptions, portals); they join the catalog at start-up.
var syndicationMessages = Catalog{
	"syndication.not_your_portal": {
		Kazakh:  "«{field}»: бұл мектептің облысының не ауданының порталы емес.",
		Russian: "«{field}»: это не портал области или района этой школы.",
		English: "“{field}”: not a portal of this school's region or district.",
	},
	"syndication.scope": {
		Kazakh:  "Аумақ national, regional, district немесе partner болуы керек.",
		Russian: "Охват должен быть national, regional, district или partner.",
		English: "The scope must be national, regional, district or partner.",
	},
	"syndication.protocol": {
		Kazakh:  "Хаттама portal, websub немесе platform болуы керек.",
		Russian: "Протокол должен быть portal, websub или platform.",
		English: "The protocol must be portal, websub or platform.",
	},
	"syndication.endpoint": {
		Kazakh:  "Серіктестің мекенжайы http(s) URL болуы керек.",
		Russian: "Адрес партнёра должен быть URL http(s).",
		English: "The partner's address must be an http(s) URL.",
	},
	"syndication.credential": {
		Kazakh:  "Конфигурацияда мұндай атаумен кілт жоқ (MEKTEP_SYNDICATION_KEYS).",
		Russian: "В конфигурации нет ключа с таким именем (MEKTEP_SYNDICATION_KEYS).",
		English: "The configuration holds no key by this name (MEKTEP_SYNDICATION_KEYS).",
	},
	"syndication.destination_unknown": {
		Kazakh:  "Бұл бағыт мектепке қолжетімді емес.",
		Russian: "Это направление недоступно школе.",
		English: "This destination is not open to the school.",
	},
	"syndication.destination_twice": {
		Kazakh:  "Бір бағытқа бір ғана ереже болады.",
		Russian: "Для одного направления может быть только одно правило.",
		English: "A destination can have only one rule.",
	},
	"syndication.not_dead": {
		Kazakh:  "Тек жеткізілмеген жіберілімді қайта жіберуге болады (қазір: {value}).",
		Russian: "Повторно отправить можно только недоставленную отправку (сейчас: {value}).",
		English: "Only a dead delivery can be resent (it is {value}).",
	},
	"syndication.feed_url": {
		Kazakh:  "Арнаның мекенжайы http(s) URL болуы керек.",
		Russian: "Адрес ленты должен быть URL http(s).",
		English: "The feed address must be an http(s) URL.",
	},
	"syndication.feed_exists": {
		Kazakh:  "Сайт бұл арнаға жазылып қойған.",
		Russian: "Сайт уже подписан на эту ленту.",
		English: "The site already subscribes to this feed.",
	},
	"syndication.import_mode": {
		Kazakh:  "Импорт режимі draft немесе publish болуы керек.",
		Russian: "Режим импорта должен быть draft или publish.",
		English: "The import mode must be draft or publish.",
	},
	"syndication.interval": {
		Kazakh:  "Тексеру аралығы 5 минуттан 1440 минутқа дейін.",
		Russian: "Интервал опроса — от 5 до 1440 минут.",
		English: "The polling interval is 5 to 1440 minutes.",
	},
	"syndication.not_portal": {
		Kazakh:  "Бұл сайт портал емес.",
		Russian: "Этот сайт не портал.",
		English: "This site is not a portal.",
	},
	"syndication.portal_exists": {
		Kazakh:  "Бұл сайт портал болып тіркелген.",
		Russian: "Этот сайт уже зарегистрирован как портал.",
		English: "This site is a portal already.",
	},
	"not_found.delivery": {
		Kazakh:  "Жіберілім табылмады.",
		Russian: "Отправка не найдена.",
		English: "Delivery not found.",
	},
	"not_found.subscription": {
		Kazakh:  "Жазылым табылмады.",
		Russian: "Подписка не найдена.",
		English: "Subscription not found.",
	},
	"not_found.destination": {
		Kazakh:  "Бағыт табылмады.",
		Russian: "Направление не найдено.",
		English: "Destination not found.",
	},
}
