// Turns each .html-editor into a pell editor writing into its hidden textarea.
// The server sanitises whatever arrives, so this is convenience, not a safety measure.
(function () {
  if (!window.pell) {
    // Without the editor script, show the plain textareas so the body can still be edited.
    document.querySelectorAll(".html-editor").forEach(function (element) {
      element.remove();
    });
    document.querySelectorAll("textarea.d-none").forEach(function (area) {
      area.classList.remove("d-none");
      area.classList.add("form-control");
      area.rows = 12;
    });
    return;
  }
  document.querySelectorAll(".html-editor").forEach(function (element) {
    var target = document.getElementById(element.getAttribute("data-target"));
    var editor = window.pell.init({
      element: element,
      onChange: function (html) { target.value = html; },
      actions: ["bold", "italic", "heading1", "heading2", "paragraph", "olist", "ulist", "quote", "link", "image"],
    });
    editor.content.innerHTML = target.value;
  });
})();
