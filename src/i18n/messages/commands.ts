import { defineMessages } from '../catalogue';

/**
 * The commands' names and descriptions, from which `npm run register` builds each command's,
 * option's and choice's `name_localizations` and `description_localizations`.
 *
 * Keys are paths: `<command>.name` and `<command>.description`, `<command>.<option>.name` and
 * `.description` (subcommands and their options nest the same way), and
 * `<command>.<option>.<choice value>.name`. A message or user command's key is its English name in
 * lower case with dashes (`ask-about-this-message.name`). The English text here must equal
 * `interactions/definitions.ts`. Names of slash commands and options: lower case, no spaces, at
 * most 32 characters; message-command names may have capitals and spaces; descriptions at most
 * 100 characters (the registration test checks Discord's rules).
 * https://discord.com/developers/docs/interactions/application-commands#localization
 */
export const commandText = defineMessages(
  'commands',
  {
    'ask.name': 'ask',
    'ask.description':
      "Ask a question; answered from this server's message history, with links to the sources.",
    'ask.question.name': 'question',
    'ask.question.description': 'What do you want to know?',
    'ask.private.name': 'private',
    'ask.private.description': 'Only you see the answer (default: everyone in the channel)',
    'ask.channel.name': 'channel',
    'ask.channel.description': 'Search only this channel (and its threads)',
    'ask.author.name': 'author',
    'ask.author.description': "Search only this member's messages",
    'ask.days.name': 'days',
    'ask.days.description': 'Search only the messages of the last this many days',
    'status.name': 'status',
    'status.description': 'Health of the bot: model server, search index, indexed messages and answer times.',
    'forget-me.name': 'forget-me',
    'forget-me.description':
      'Remove your messages in this server from the bot and keep them out (asks to confirm).',
    'forget-me.undo.name': 'undo',
    'forget-me.undo.description': 'Opt back in: messages you write from now on may be indexed again',
    'ask-about-this-message.name': 'Ask about this message',
  },
  {
    'en-GB': {},
    de: {
      'ask.name': 'fragen',
      'ask.description':
        'Stell eine Frage; beantwortet aus dem Nachrichtenverlauf dieses Servers, mit Links zu den Quellen.',
      'ask.question.name': 'frage',
      'ask.question.description': 'Was möchtest du wissen?',
      'ask.private.name': 'privat',
      'ask.private.description': 'Nur du siehst die Antwort (Standard: alle im Kanal)',
      'ask.channel.name': 'kanal',
      'ask.channel.description': 'Nur in diesem Kanal (und seinen Threads) suchen',
      'ask.author.name': 'autor',
      'ask.author.description': 'Nur in den Nachrichten dieses Mitglieds suchen',
      'ask.days.name': 'tage',
      'ask.days.description': 'Nur in den Nachrichten der letzten so vielen Tage suchen',
      'status.name': 'status',
      'status.description':
        'Zustand des Bots: Modellserver, Suchindex, indexierte Nachrichten und Antwortzeiten.',
      'forget-me.name': 'vergiss-mich',
      'forget-me.description':
        'Entfernt deine Nachrichten auf diesem Server aus dem Bot und hält sie fern (mit Bestätigung).',
      'forget-me.undo.name': 'rückgängig',
      'forget-me.undo.description':
        'Wieder mitmachen: ab jetzt geschriebene Nachrichten dürfen wieder indexiert werden',
      'ask-about-this-message.name': 'Zu dieser Nachricht fragen',
    },
    fr: {
      'ask.name': 'demander',
      'ask.description':
        'Pose une question ; réponse tirée de l’historique des messages du serveur, avec les sources.',
      'ask.question.name': 'question',
      'ask.question.description': 'Que veux-tu savoir ?',
      'ask.private.name': 'privé',
      'ask.private.description': 'Toi seul vois la réponse (par défaut : tout le monde dans le salon)',
      'ask.channel.name': 'salon',
      'ask.channel.description': 'Chercher seulement dans ce salon (et ses fils)',
      'ask.author.name': 'auteur',
      'ask.author.description': 'Chercher seulement dans les messages de ce membre',
      'ask.days.name': 'jours',
      'ask.days.description': 'Chercher seulement dans les messages des X derniers jours',
      'status.name': 'statut',
      'status.description':
        'État du bot : serveur de modèles, index de recherche, messages indexés, temps de réponse.',
      'forget-me.name': 'oublie-moi',
      'forget-me.description':
        'Retire tes messages de ce serveur du bot et les tient à l’écart (avec confirmation).',
      'forget-me.undo.name': 'annuler',
      'forget-me.undo.description':
        'Revenir : les messages que tu écris désormais pourront de nouveau être indexés',
      'ask-about-this-message.name': 'Demander à propos de ce message',
    },
    'es-ES': {
      'ask.name': 'preguntar',
      'ask.description':
        'Haz una pregunta; se responde con el historial de mensajes del servidor y enlaces a las fuentes.',
      'ask.question.name': 'pregunta',
      'ask.question.description': '¿Qué quieres saber?',
      'ask.private.name': 'privado',
      'ask.private.description': 'Solo tú ves la respuesta (por defecto: todos en el canal)',
      'ask.channel.name': 'canal',
      'ask.channel.description': 'Buscar solo en este canal (y sus hilos)',
      'ask.author.name': 'autor',
      'ask.author.description': 'Buscar solo en los mensajes de este miembro',
      'ask.days.name': 'días',
      'ask.days.description': 'Buscar solo en los mensajes de los últimos tantos días',
      'status.name': 'estado',
      'status.description':
        'Estado del bot: servidor de modelos, índice de búsqueda, mensajes indexados y tiempos de respuesta.',
      'forget-me.name': 'olvídame',
      'forget-me.description':
        'Quita tus mensajes de este servidor del bot y los mantiene fuera (pide confirmación).',
      'forget-me.undo.name': 'deshacer',
      'forget-me.undo.description':
        'Volver a participar: los mensajes que escribas desde ahora podrán indexarse',
      'ask-about-this-message.name': 'Preguntar sobre este mensaje',
    },
    'pt-BR': {
      'ask.name': 'perguntar',
      'ask.description':
        'Faça uma pergunta; respondida com o histórico de mensagens do servidor, com links para as fontes.',
      'ask.question.name': 'pergunta',
      'ask.question.description': 'O que você quer saber?',
      'ask.private.name': 'privado',
      'ask.private.description': 'Só você vê a resposta (padrão: todos no canal)',
      'ask.channel.name': 'canal',
      'ask.channel.description': 'Pesquisar só neste canal (e nos tópicos dele)',
      'ask.author.name': 'autor',
      'ask.author.description': 'Pesquisar só nas mensagens deste membro',
      'ask.days.name': 'dias',
      'ask.days.description': 'Pesquisar só nas mensagens dos últimos tantos dias',
      'status.name': 'status',
      'status.description':
        'Saúde do bot: servidor de modelos, índice de busca, mensagens indexadas e tempos de resposta.',
      'forget-me.name': 'esqueça-me',
      'forget-me.description':
        'Remove suas mensagens deste servidor do bot e as mantém fora (pede confirmação).',
      'forget-me.undo.name': 'desfazer',
      'forget-me.undo.description':
        'Voltar a participar: mensagens escritas a partir de agora poderão ser indexadas',
      'ask-about-this-message.name': 'Perguntar sobre esta mensagem',
    },
    ru: {
      'ask.name': 'спросить',
      'ask.description': 'Задайте вопрос: ответ по истории сообщений этого сервера со ссылками на источники.',
      'ask.question.name': 'вопрос',
      'ask.question.description': 'Что вы хотите узнать?',
      'ask.private.name': 'лично',
      'ask.private.description': 'Ответ увидите только вы (по умолчанию: все в канале)',
      'ask.channel.name': 'канал',
      'ask.channel.description': 'Искать только в этом канале (и его ветках)',
      'ask.author.name': 'автор',
      'ask.author.description': 'Искать только в сообщениях этого участника',
      'ask.days.name': 'дни',
      'ask.days.description': 'Искать только в сообщениях за последние N дней',
      'status.name': 'статус',
      'status.description':
        'Состояние бота: сервер моделей, поисковый индекс, проиндексированные сообщения, время ответа.',
      'forget-me.name': 'забудь-меня',
      'forget-me.description':
        'Удаляет ваши сообщения на этом сервере из бота и больше их не берёт (с подтверждением).',
      'forget-me.undo.name': 'отменить',
      'forget-me.undo.description': 'Вернуться: новые сообщения снова можно будет индексировать',
      'ask-about-this-message.name': 'Спросить об этом сообщении',
    },
    pl: {
      'ask.name': 'zapytaj',
      'ask.description': 'Zadaj pytanie; odpowiedź z historii wiadomości tego serwera, z linkami do źródeł.',
      'ask.question.name': 'pytanie',
      'ask.question.description': 'Co chcesz wiedzieć?',
      'ask.private.name': 'prywatnie',
      'ask.private.description': 'Tylko ty widzisz odpowiedź (domyślnie: wszyscy na kanale)',
      'ask.channel.name': 'kanał',
      'ask.channel.description': 'Szukaj tylko na tym kanale (i w jego wątkach)',
      'ask.author.name': 'autor',
      'ask.author.description': 'Szukaj tylko w wiadomościach tego członka',
      'ask.days.name': 'dni',
      'ask.days.description': 'Szukaj tylko w wiadomościach z ostatnich N dni',
      'status.name': 'status',
      'status.description':
        'Stan bota: serwer modeli, indeks wyszukiwania, zindeksowane wiadomości i czasy odpowiedzi.',
      'forget-me.name': 'zapomnij-mnie',
      'forget-me.description':
        'Usuwa twoje wiadomości z tego serwera z bota i pomija je w przyszłości (z potwierdzeniem).',
      'forget-me.undo.name': 'cofnij',
      'forget-me.undo.description': 'Wróć: wiadomości pisane od teraz znów mogą być indeksowane',
      'ask-about-this-message.name': 'Zapytaj o tę wiadomość',
    },
    uk: {
      'ask.name': 'запитати',
      'ask.description':
        'Поставте запитання: відповідь з історії повідомлень цього сервера з посиланнями на джерела.',
      'ask.question.name': 'питання',
      'ask.question.description': 'Що ви хочете дізнатися?',
      'ask.private.name': 'особисто',
      'ask.private.description': 'Відповідь бачите лише ви (типово: усі в каналі)',
      'ask.channel.name': 'канал',
      'ask.channel.description': 'Шукати лише в цьому каналі (та його гілках)',
      'ask.author.name': 'автор',
      'ask.author.description': 'Шукати лише в повідомленнях цього учасника',
      'ask.days.name': 'дні',
      'ask.days.description': 'Шукати лише в повідомленнях за останні N днів',
      'status.name': 'статус',
      'status.description':
        'Стан бота: сервер моделей, пошуковий індекс, проіндексовані повідомлення, час відповіді.',
      'forget-me.name': 'забудь-мене',
      'forget-me.description':
        'Видаляє ваші повідомлення на цьому сервері з бота й більше їх не бере (з підтвердженням).',
      'forget-me.undo.name': 'скасувати',
      'forget-me.undo.description': 'Повернутися: нові повідомлення знову можна буде індексувати',
      'ask-about-this-message.name': 'Запитати про це повідомлення',
    },
    ja: {
      'ask.name': '質問',
      'ask.description': 'このサーバーのメッセージ履歴から、出典リンク付きで質問に答えます。',
      'ask.question.name': '内容',
      'ask.question.description': '知りたいことは何ですか？',
      'ask.private.name': '非公開',
      'ask.private.description': '回答を自分だけに表示（既定：チャンネルの全員）',
      'ask.channel.name': 'チャンネル',
      'ask.channel.description': 'このチャンネル（とそのスレッド）だけを検索',
      'ask.author.name': '投稿者',
      'ask.author.description': 'このメンバーのメッセージだけを検索',
      'ask.days.name': '日数',
      'ask.days.description': '直近この日数のメッセージだけを検索',
      'status.name': 'ステータス',
      'status.description':
        'ボットの状態：モデルサーバー、検索インデックス、インデックス済みメッセージ、応答時間。',
      'forget-me.name': '忘れて',
      'forget-me.description':
        'このサーバーでのあなたのメッセージをボットから削除し、今後も除外します（確認あり）。',
      'forget-me.undo.name': '取り消し',
      'forget-me.undo.description': '再参加：これから書くメッセージは再びインデックスされます',
      'ask-about-this-message.name': 'このメッセージについて質問',
    },
    ko: {
      'ask.name': '질문하기',
      'ask.description': '이 서버의 메시지 기록을 바탕으로 출처 링크와 함께 질문에 답합니다.',
      'ask.question.name': '질문',
      'ask.question.description': '무엇이 궁금한가요?',
      'ask.private.name': '비공개',
      'ask.private.description': '답변을 나만 보기 (기본값: 채널의 모든 사람)',
      'ask.channel.name': '채널',
      'ask.channel.description': '이 채널(과 그 스레드)에서만 검색',
      'ask.author.name': '작성자',
      'ask.author.description': '이 멤버의 메시지에서만 검색',
      'ask.days.name': '일수',
      'ask.days.description': '최근 이 일수 동안의 메시지에서만 검색',
      'status.name': '상태',
      'status.description': '봇 상태: 모델 서버, 검색 색인, 색인된 메시지, 응답 시간.',
      'forget-me.name': '나를-잊어줘',
      'forget-me.description': '이 서버에서 내 메시지를 봇에서 지우고 앞으로도 제외합니다 (확인 필요).',
      'forget-me.undo.name': '되돌리기',
      'forget-me.undo.description': '다시 참여: 지금부터 쓰는 메시지는 다시 색인될 수 있습니다',
      'ask-about-this-message.name': '이 메시지에 대해 질문',
    },
    'zh-CN': {
      'ask.name': '提问',
      'ask.description': '提出问题；根据本服务器的消息记录回答，并附上来源链接。',
      'ask.question.name': '问题',
      'ask.question.description': '你想知道什么？',
      'ask.private.name': '私密',
      'ask.private.description': '只有你能看到回答（默认：频道里的所有人）',
      'ask.channel.name': '频道',
      'ask.channel.description': '只搜索这个频道（及其子区）',
      'ask.author.name': '作者',
      'ask.author.description': '只搜索这位成员的消息',
      'ask.days.name': '天数',
      'ask.days.description': '只搜索最近这么多天的消息',
      'status.name': '状态',
      'status.description': '机器人状态：模型服务器、搜索索引、已索引消息和回答耗时。',
      'forget-me.name': '忘记我',
      'forget-me.description': '从机器人中移除你在本服务器的消息，并在以后排除它们（需确认）。',
      'forget-me.undo.name': '撤销',
      'forget-me.undo.description': '重新加入：从现在起你写的消息可以再次被索引',
      'ask-about-this-message.name': '询问这条消息',
    },
  },
);
