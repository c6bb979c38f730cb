// Files whose texts are not yet in web/i18n/messages: the hard-coded-text lint rule skips them.
// Translate a file, then delete its line here. The list only shrinks; when it is empty, the rule
// covers the whole UI (test/web/hard-coded-text.test.ts).
export const untranslatedFiles = [
  'web/features/flows/EditorToolbar.tsx',
  'web/features/flows/FlowEditor.tsx',
  'web/features/flows/FlowNodeCard.tsx',
  'web/features/flows/FlowsPage.tsx',
  'web/features/flows/NodePalette.tsx',
  'web/features/flows/ProblemsPanel.tsx',
  'web/features/flows/VersionView.tsx',
  'web/features/flows/VersionsPanel.tsx',
  'web/features/flows/inspector/ActionForms.tsx',
  'web/features/flows/inspector/ConditionForm.tsx',
  'web/features/flows/inspector/FlowSettings.tsx',
  'web/features/flows/inspector/MessageForms.tsx',
  'web/features/flows/inspector/NodeInspector.tsx',
  'web/features/flows/inspector/TargetForms.tsx',
  'web/features/flows/simulator/FactsForm.tsx',
  'web/features/flows/simulator/Simulator.tsx',
  'web/features/widget/ChatUnavailable.tsx',
  'web/features/widget/Composer.tsx',
  'web/features/widget/MessageBubble.tsx',
  'web/features/widget/MessageList.tsx',
  'web/features/widget/RatingPrompt.tsx',
  'web/features/widget/VisitorForm.tsx',
  'web/features/widget/WidgetChat.tsx',
];
