// Sends a form marked data-autosubmit at once (the SAML POST binding); without
// JavaScript the person presses its visible button instead.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.submit();
});
