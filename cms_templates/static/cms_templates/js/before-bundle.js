/* Loaded before Bootstrap Italia's bundle. The video player inside it (video.js) would add
   <style> elements to the page, which the Content Security Policy refuses; its few default
   rules are in site.css instead. */
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
