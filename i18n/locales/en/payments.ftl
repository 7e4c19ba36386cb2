# Payments inside the chat: the offer after Confirm, the invoice, the pre-checkout's refusals, the thanks.

payment-offer = You can pay your pledge right now, without leaving this chat.
payment-button-pay = Pay in this chat
payment-button-pay-number = Pay pledge { $number } in this chat
payment-button-month = Pay this month's pledge
payment-invoice-title = Pledge number { $id }
payment-invoice-description = { $amount } tomans to the campaign "{ $campaign }". Thank you!
payment-invoice-label = Cash help
payment-not-payable = This pledge cannot be paid any more: it is paid, cancelled, or not a cash pledge. See its status in "My pledges".
payment-nothing-this-month = You have no unpaid pledge to this campaign. See all your pledges in "My pledges".
payment-no-way = No way to pay has been set for this campaign yet. Its managers will announce one soon.
payment-how = To pay your pledge of { $amount } tomans to "{ $campaign }":
payment-refused-unknown = This invoice was not recognised and nothing was charged. Please press "Pay" again from "My pledges".
payment-refused-forgotten = The owner of this pledge asked to be forgotten, so it can no longer be paid. Nothing was charged.
payment-refused-not-yours = This invoice is for another account's pledge and cannot be paid from this account. Nothing was charged.
payment-refused-cancelled = This pledge was cancelled, so no payment is needed. Nothing was charged.
payment-refused-already-paid = This pledge is paid already. Nothing was charged.
payment-refused-amount = The amount of this invoice is not your pledge's amount, and nothing was charged. Please get a new invoice from "My pledges".
payment-thanks =
    Your payment went through and your pledge to "{ $campaign }" is marked done. Thank you!
    Amount: { $amount } tomans — payment reference: { $charge }
    So far { $paid } tomans have been paid to this campaign in this chat.
    { $progress }
payment-thanks-not-open =
    Your payment arrived (reference: { $charge }), but this pledge had been paid or cancelled before it.
    The campaign's managers will look into it and tell you.
payment-thanks-unknown =
    Your payment arrived (reference: { $charge }), but no pledge was found for it.
    The campaign's managers will look into it and tell you.
