import { defineMessages } from '../catalogue';

/** The endpoint's replies to any interaction: DMs, unknown commands, a queue it cannot write. */
export const commonText = defineMessages(
  'common',
  {
    serversOnly: 'I work in servers only.',
    unsupported: "I don't handle this kind of interaction. Use `/ask` or `/status`.",
    unknownCommand: "I don't know the command `{name}`. Try `/ask` or `/status`.",
    queueDown:
      "I can't take questions right now: my database is unavailable. Please try again in a few minutes.",
    malformed: "I couldn't understand that interaction.",
  },
  {
    'en-GB': {},
    de: {
      serversOnly: 'Ich funktioniere nur auf Servern.',
      unsupported: 'Mit dieser Art von Interaktion kann ich nichts anfangen. Nutze `/fragen` oder `/status`.',
      unknownCommand: 'Den Befehl `{name}` kenne ich nicht. Versuch es mit `/fragen` oder `/status`.',
      queueDown:
        'Ich kann gerade keine Fragen annehmen: Meine Datenbank ist nicht erreichbar. Bitte versuch es in ein paar Minuten noch einmal.',
      malformed: 'Diese Interaktion konnte ich nicht verstehen.',
    },
    fr: {
      serversOnly: 'Je ne fonctionne que sur les serveurs.',
      unsupported: 'Je ne gère pas ce type d’interaction. Utilise `/demander` ou `/statut`.',
      unknownCommand: 'Je ne connais pas la commande `{name}`. Essaie `/demander` ou `/statut`.',
      queueDown:
        'Je ne peux pas prendre de questions pour le moment : ma base de données est indisponible. Réessaie dans quelques minutes.',
      malformed: 'Je n’ai pas compris cette interaction.',
    },
    'es-ES': {
      serversOnly: 'Solo funciono en servidores.',
      unsupported: 'No manejo este tipo de interacción. Usa `/preguntar` o `/estado`.',
      unknownCommand: 'No conozco el comando `{name}`. Prueba `/preguntar` o `/estado`.',
      queueDown:
        'Ahora mismo no puedo aceptar preguntas: mi base de datos no está disponible. Inténtalo de nuevo en unos minutos.',
      malformed: 'No he entendido esa interacción.',
    },
    'pt-BR': {
      serversOnly: 'Eu só funciono em servidores.',
      unsupported: 'Não trato esse tipo de interação. Use `/perguntar` ou `/status`.',
      unknownCommand: 'Não conheço o comando `{name}`. Tente `/perguntar` ou `/status`.',
      queueDown:
        'Não consigo receber perguntas agora: meu banco de dados está indisponível. Tente de novo em alguns minutos.',
      malformed: 'Não entendi essa interação.',
    },
    ru: {
      serversOnly: 'Я работаю только на серверах.',
      unsupported: 'Такие взаимодействия я не обрабатываю. Используйте `/спросить` или `/статус`.',
      unknownCommand: 'Я не знаю команду `{name}`. Попробуйте `/спросить` или `/статус`.',
      queueDown:
        'Сейчас я не могу принимать вопросы: моя база данных недоступна. Попробуйте ещё раз через несколько минут.',
      malformed: 'Я не смог разобрать это взаимодействие.',
    },
    pl: {
      serversOnly: 'Działam tylko na serwerach.',
      unsupported: 'Nie obsługuję tego rodzaju interakcji. Użyj `/zapytaj` albo `/status`.',
      unknownCommand: 'Nie znam polecenia `{name}`. Spróbuj `/zapytaj` albo `/status`.',
      queueDown:
        'Nie mogę teraz przyjmować pytań: moja baza danych jest niedostępna. Spróbuj ponownie za kilka minut.',
      malformed: 'Nie zrozumiałem tej interakcji.',
    },
    uk: {
      serversOnly: 'Я працюю лише на серверах.',
      unsupported: 'Такі взаємодії я не обробляю. Скористайтеся `/запитати` або `/статус`.',
      unknownCommand: 'Я не знаю команди `{name}`. Спробуйте `/запитати` або `/статус`.',
      queueDown:
        'Зараз я не можу приймати запитання: моя база даних недоступна. Спробуйте ще раз за кілька хвилин.',
      malformed: 'Я не зміг розібрати цю взаємодію.',
    },
    ja: {
      serversOnly: 'このボットはサーバー内でのみ使えます。',
      unsupported: 'この種類の操作には対応していません。`/質問` か `/ステータス` を使ってください。',
      unknownCommand: 'コマンド `{name}` は知りません。`/質問` か `/ステータス` を試してください。',
      queueDown: 'データベースが使えないため、今は質問を受け付けられません。数分後にもう一度お試しください。',
      malformed: 'この操作を理解できませんでした。',
    },
    ko: {
      serversOnly: '저는 서버에서만 작동합니다.',
      unsupported: '이런 종류의 상호작용은 처리하지 않습니다. `/질문하기` 또는 `/상태`를 사용하세요.',
      unknownCommand: '`{name}` 명령어는 모릅니다. `/질문하기` 또는 `/상태`를 사용해 보세요.',
      queueDown:
        '데이터베이스를 사용할 수 없어 지금은 질문을 받을 수 없습니다. 몇 분 뒤에 다시 시도해 주세요.',
      malformed: '이 상호작용을 이해하지 못했습니다.',
    },
    'zh-CN': {
      serversOnly: '我只能在服务器中使用。',
      unsupported: '我不处理这类交互。请使用 `/提问` 或 `/状态`。',
      unknownCommand: '我不认识命令 `{name}`。试试 `/提问` 或 `/状态`。',
      queueDown: '我的数据库暂时不可用，现在无法接收问题。请几分钟后再试。',
      malformed: '我无法理解这次交互。',
    },
  },
);
