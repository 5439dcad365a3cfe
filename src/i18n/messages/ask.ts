import { defineMessages } from '../catalogue';

/** What the endpoint says when it takes or refuses a question (`/ask`, a follow-up, a message command). */
export const askText = defineMessages(
  'ask',
  {
    serversOnly:
      '`/ask` works in servers only: run it in a channel of the server whose history you want to search.',
    emptyQuestion: 'Please give a question, e.g. `/ask question: how do I deploy?`',
    questionTooLong: 'Please keep the question under {max, number} characters.',
    followUpLength: 'Please write a question of 3 to {max, number} characters.',
    channelForbidden: "You can't read the history of <#{channel}>, so I can't search it for you.",
    daysRange: '`days` must be a whole number from 1 to {max, number}.',
    messageUnreadable: "I couldn't read that message.",
    nothingToAskAbout:
      'That message has no text I can look up: it is a system notice, or it holds only an image or a GIF. Try it on a message with words in it.',
    memberLimit:
      'You already have {open, plural, one {# question} other {# questions}} waiting or being answered. Please wait for {open, plural, one {it} other {them}} before asking more.',
    busy: "I'm busy: too many questions are waiting for me to answer yours in time. Please try again later.",
    busyFor:
      "I'm busy: too many questions are waiting (about {minutes, plural, one {# minute} other {# minutes}}) for me to answer yours in time. Please try again later.",
  },
  {
    'en-GB': {},
    de: {
      serversOnly:
        '`/fragen` funktioniert nur auf Servern: Nutze den Befehl in einem Kanal des Servers, dessen Verlauf du durchsuchen willst.',
      emptyQuestion: 'Bitte gib eine Frage an, z. B. `/fragen frage: Wie installiere ich den Bot?`',
      questionTooLong: 'Bitte halte die Frage unter {max, number} Zeichen.',
      followUpLength: 'Bitte schreib eine Frage mit 3 bis {max, number} Zeichen.',
      channelForbidden:
        'Du kannst den Verlauf von <#{channel}> nicht lesen, deshalb kann ich ihn nicht für dich durchsuchen.',
      daysRange: '`tage` muss eine ganze Zahl von 1 bis {max, number} sein.',
      messageUnreadable: 'Diese Nachricht konnte ich nicht lesen.',
      nothingToAskAbout:
        'Diese Nachricht enthält keinen Text, den ich nachschlagen kann: Sie ist eine Systemmeldung oder enthält nur ein Bild oder GIF. Versuch es mit einer Nachricht, in der Wörter stehen.',
      memberLimit:
        'Du hast schon {open, plural, one {# Frage} other {# Fragen}}, die warten oder gerade beantwortet werden. Bitte warte darauf, bevor du mehr fragst.',
      busy: 'Ich bin ausgelastet: Es warten zu viele Fragen, um deine rechtzeitig zu beantworten. Bitte versuch es später noch einmal.',
      busyFor:
        'Ich bin ausgelastet: Es warten zu viele Fragen (etwa {minutes, plural, one {# Minute} other {# Minuten}}), um deine rechtzeitig zu beantworten. Bitte versuch es später noch einmal.',
    },
    fr: {
      serversOnly:
        '`/demander` ne fonctionne que sur les serveurs : utilise-la dans un salon du serveur dont tu veux fouiller l’historique.',
      emptyQuestion: 'Pose une question, par ex. `/demander question: comment installer le bot ?`',
      questionTooLong: 'Ta question doit faire moins de {max, number} caractères.',
      followUpLength: 'Écris une question de 3 à {max, number} caractères.',
      channelForbidden:
        'Tu ne peux pas lire l’historique de <#{channel}>, donc je ne peux pas y chercher pour toi.',
      daysRange: '`jours` doit être un nombre entier de 1 à {max, number}.',
      messageUnreadable: 'Je n’ai pas pu lire ce message.',
      nothingToAskAbout:
        'Ce message ne contient aucun texte que je puisse rechercher : c’est une notification système, ou il ne contient qu’une image ou un GIF. Essaie sur un message qui contient des mots.',
      memberLimit:
        'Tu as déjà {open, plural, one {# question} many {# de questions} other {# questions}} en attente ou en cours de réponse. Attends {open, plural, one {sa réponse} many {leurs réponses} other {leurs réponses}} avant d’en poser d’autres.',
      busy: 'Je suis occupé : trop de questions attendent pour que je réponde à la tienne à temps. Réessaie plus tard.',
      busyFor:
        'Je suis occupé : trop de questions attendent (environ {minutes, plural, one {# minute} many {# de minutes} other {# minutes}}) pour que je réponde à la tienne à temps. Réessaie plus tard.',
    },
    'es-ES': {
      serversOnly:
        '`/preguntar` solo funciona en servidores: úsalo en un canal del servidor cuyo historial quieres buscar.',
      emptyQuestion: 'Escribe una pregunta, p. ej. `/preguntar pregunta: ¿cómo instalo el bot?`',
      questionTooLong: 'La pregunta debe tener menos de {max, number} caracteres.',
      followUpLength: 'Escribe una pregunta de 3 a {max, number} caracteres.',
      channelForbidden: 'No puedes leer el historial de <#{channel}>, así que no puedo buscar ahí por ti.',
      daysRange: '`días` debe ser un número entero del 1 al {max, number}.',
      messageUnreadable: 'No he podido leer ese mensaje.',
      nothingToAskAbout:
        'Ese mensaje no tiene texto que pueda buscar: es un aviso del sistema o solo contiene una imagen o un GIF. Prueba con un mensaje que tenga palabras.',
      memberLimit:
        'Ya tienes {open, plural, one {# pregunta} many {# de preguntas} other {# preguntas}} esperando o en respuesta. Espera a {open, plural, one {que se responda} many {que se respondan} other {que se respondan}} antes de preguntar más.',
      busy: 'Estoy ocupado: hay demasiadas preguntas esperando para responder la tuya a tiempo. Inténtalo más tarde.',
      busyFor:
        'Estoy ocupado: hay demasiadas preguntas esperando (unos {minutes, plural, one {# minuto} many {# de minutos} other {# minutos}}) para responder la tuya a tiempo. Inténtalo más tarde.',
    },
    'pt-BR': {
      serversOnly:
        '`/perguntar` só funciona em servidores: use em um canal do servidor cujo histórico você quer pesquisar.',
      emptyQuestion: 'Escreva uma pergunta, por ex. `/perguntar pergunta: como instalo o bot?`',
      questionTooLong: 'A pergunta deve ter menos de {max, number} caracteres.',
      followUpLength: 'Escreva uma pergunta de 3 a {max, number} caracteres.',
      channelForbidden:
        'Você não pode ler o histórico de <#{channel}>, então não posso pesquisar lá para você.',
      daysRange: '`dias` deve ser um número inteiro de 1 a {max, number}.',
      messageUnreadable: 'Não consegui ler essa mensagem.',
      nothingToAskAbout:
        'Essa mensagem não tem texto que eu possa pesquisar: é um aviso do sistema ou contém apenas uma imagem ou um GIF. Tente em uma mensagem que tenha palavras.',
      memberLimit:
        'Você já tem {open, plural, one {# pergunta} many {# de perguntas} other {# perguntas}} esperando ou sendo respondidas. Aguarde {open, plural, one {a resposta} many {as respostas} other {as respostas}} antes de perguntar mais.',
      busy: 'Estou ocupado: há perguntas demais esperando para eu responder a sua a tempo. Tente de novo mais tarde.',
      busyFor:
        'Estou ocupado: há perguntas demais esperando (cerca de {minutes, plural, one {# minuto} many {# de minutos} other {# minutos}}) para eu responder a sua a tempo. Tente de novo mais tarde.',
    },
    ru: {
      serversOnly:
        '`/спросить` работает только на серверах: используйте команду в канале сервера, историю которого хотите искать.',
      emptyQuestion: 'Укажите вопрос, например `/спросить вопрос: как установить бота?`',
      questionTooLong: 'Вопрос должен быть короче {max, number} символов.',
      followUpLength: 'Напишите вопрос длиной от 3 до {max, number} символов.',
      channelForbidden: 'Вы не можете читать историю <#{channel}>, поэтому я не могу искать там для вас.',
      daysRange: '`дни` — целое число от 1 до {max, number}.',
      messageUnreadable: 'Не удалось прочитать это сообщение.',
      nothingToAskAbout:
        'В этом сообщении нет текста, который я мог бы найти: это системное уведомление или в нём только изображение или GIF. Попробуйте на сообщении со словами.',
      memberLimit:
        'У вас уже {open, plural, one {# вопрос} few {# вопроса} many {# вопросов} other {# вопроса}} в очереди или в работе. Дождитесь {open, plural, one {ответа} few {ответов} many {ответов} other {ответов}}, прежде чем спрашивать ещё.',
      busy: 'Я занят: в очереди слишком много вопросов, чтобы вовремя ответить на ваш. Попробуйте позже.',
      busyFor:
        'Я занят: в очереди слишком много вопросов (примерно на {minutes, plural, one {# минуту} few {# минуты} many {# минут} other {# минуты}}), чтобы вовремя ответить на ваш. Попробуйте позже.',
    },
    pl: {
      serversOnly:
        '`/zapytaj` działa tylko na serwerach: użyj go na kanale serwera, którego historię chcesz przeszukać.',
      emptyQuestion: 'Podaj pytanie, np. `/zapytaj pytanie: jak zainstalować bota?`',
      questionTooLong: 'Pytanie musi mieć mniej niż {max, number} znaków.',
      followUpLength: 'Napisz pytanie o długości od 3 do {max, number} znaków.',
      channelForbidden: 'Nie możesz czytać historii <#{channel}>, więc nie mogę jej dla ciebie przeszukać.',
      daysRange: '`dni` musi być liczbą całkowitą od 1 do {max, number}.',
      messageUnreadable: 'Nie udało mi się odczytać tej wiadomości.',
      nothingToAskAbout:
        'Ta wiadomość nie zawiera tekstu, który mógłbym wyszukać: to powiadomienie systemowe albo zawiera tylko obraz lub GIF. Spróbuj na wiadomości, w której są słowa.',
      memberLimit:
        'Masz już {open, plural, one {# pytanie} few {# pytania} many {# pytań} other {# pytania}} w kolejce lub w trakcie odpowiedzi. Poczekaj na {open, plural, one {odpowiedź} few {odpowiedzi} many {odpowiedzi} other {odpowiedzi}}, zanim zapytasz o więcej.',
      busy: 'Jestem zajęty: czeka zbyt wiele pytań, by odpowiedzieć na twoje na czas. Spróbuj później.',
      busyFor:
        'Jestem zajęty: czeka zbyt wiele pytań (około {minutes, plural, one {# minuty} few {# minut} many {# minut} other {# minuty}}), by odpowiedzieć na twoje na czas. Spróbuj później.',
    },
    uk: {
      serversOnly:
        '`/запитати` працює лише на серверах: скористайтеся командою в каналі сервера, історію якого хочете шукати.',
      emptyQuestion: 'Вкажіть питання, наприклад `/запитати питання: як встановити бота?`',
      questionTooLong: 'Питання має бути коротшим за {max, number} символів.',
      followUpLength: 'Напишіть питання довжиною від 3 до {max, number} символів.',
      channelForbidden: 'Ви не можете читати історію <#{channel}>, тому я не можу шукати там для вас.',
      daysRange: '`дні` — ціле число від 1 до {max, number}.',
      messageUnreadable: 'Не вдалося прочитати це повідомлення.',
      nothingToAskAbout:
        'У цьому повідомленні немає тексту, який я міг би знайти: це системне сповіщення або в ньому лише зображення чи GIF. Спробуйте на повідомленні зі словами.',
      memberLimit:
        'У вас уже {open, plural, one {# питання} few {# питання} many {# питань} other {# питання}} в черзі або в роботі. Дочекайтеся {open, plural, one {відповіді} few {відповідей} many {відповідей} other {відповідей}}, перш ніж питати ще.',
      busy: 'Я зайнятий: у черзі забагато питань, щоб вчасно відповісти на ваше. Спробуйте пізніше.',
      busyFor:
        'Я зайнятий: у черзі забагато питань (приблизно на {minutes, plural, one {# хвилину} few {# хвилини} many {# хвилин} other {# хвилини}}), щоб вчасно відповісти на ваше. Спробуйте пізніше.',
    },
    ja: {
      serversOnly:
        '`/質問` はサーバー内でのみ使えます。履歴を検索したいサーバーのチャンネルで実行してください。',
      emptyQuestion: '質問を入力してください。例：`/質問 内容: ボットのインストール方法は？`',
      questionTooLong: '質問は {max, number} 文字未満にしてください。',
      followUpLength: '3〜{max, number} 文字で質問を書いてください。',
      channelForbidden: 'あなたは <#{channel}> の履歴を読めないため、そこは検索できません。',
      daysRange: '`日数` は 1〜{max, number} の整数で指定してください。',
      messageUnreadable: 'そのメッセージを読めませんでした。',
      nothingToAskAbout:
        'そのメッセージには調べられるテキストがありません（システム通知か、画像や GIF だけのメッセージです）。文字が書かれたメッセージで試してください。',
      memberLimit:
        'すでに {open, plural, other {# 件}}の質問が回答待ちまたは回答中です。それが済んでから次の質問をしてください。',
      busy: '混み合っています。待っている質問が多すぎて、あなたの質問に時間内に答えられません。後でもう一度お試しください。',
      busyFor:
        '混み合っています。待っている質問が多すぎて（約 {minutes, plural, other {# 分}}）、あなたの質問に時間内に答えられません。後でもう一度お試しください。',
    },
    ko: {
      serversOnly: '`/질문하기`는 서버에서만 작동합니다. 기록을 검색하려는 서버의 채널에서 실행하세요.',
      emptyQuestion: '질문을 입력해 주세요. 예: `/질문하기 질문: 봇은 어떻게 설치하나요?`',
      questionTooLong: '질문은 {max, number}자 미만으로 써 주세요.',
      followUpLength: '3~{max, number}자로 질문을 써 주세요.',
      channelForbidden: '<#{channel}>의 기록을 읽을 수 없으므로 대신 검색해 드릴 수 없습니다.',
      daysRange: '`일수`는 1부터 {max, number}까지의 정수여야 합니다.',
      messageUnreadable: '그 메시지를 읽을 수 없었습니다.',
      nothingToAskAbout:
        '그 메시지에는 찾아볼 수 있는 텍스트가 없습니다. 시스템 알림이거나 이미지나 GIF만 있는 메시지입니다. 글자가 있는 메시지에서 시도해 주세요.',
      memberLimit:
        '이미 {open, plural, other {#개}}의 질문이 대기 중이거나 답변 중입니다. 그 질문이 끝난 뒤에 더 질문해 주세요.',
      busy: '지금은 바쁩니다. 기다리는 질문이 너무 많아 제시간에 답할 수 없습니다. 나중에 다시 시도해 주세요.',
      busyFor:
        '지금은 바쁩니다. 기다리는 질문이 너무 많아(약 {minutes, plural, other {#분}}) 제시간에 답할 수 없습니다. 나중에 다시 시도해 주세요.',
    },
    'zh-CN': {
      serversOnly: '`/提问` 只能在服务器中使用：请在你想搜索其历史记录的服务器频道中运行它。',
      emptyQuestion: '请输入问题，例如 `/提问 问题: 怎么安装这个机器人？`',
      questionTooLong: '问题请少于 {max, number} 个字符。',
      followUpLength: '请写一个 3 到 {max, number} 个字符的问题。',
      channelForbidden: '你无法阅读 <#{channel}> 的历史记录，所以我不能替你搜索那里。',
      daysRange: '`天数` 必须是 1 到 {max, number} 之间的整数。',
      messageUnreadable: '我无法读取那条消息。',
      nothingToAskAbout:
        '那条消息里没有可以查找的文字：它是系统通知，或者只包含图片或 GIF。请在有文字的消息上再试。',
      memberLimit: '你已经有 {open, plural, other {# 个}}问题在等待或正在回答。请等它们完成后再提问。',
      busy: '我现在很忙：等待的问题太多，无法及时回答你的问题。请稍后再试。',
      busyFor:
        '我现在很忙：等待的问题太多（大约 {minutes, plural, other {# 分钟}}），无法及时回答你的问题。请稍后再试。',
    },
  },
);
